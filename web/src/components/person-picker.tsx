import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client';
import type { Person } from '../api/types';
import { FaceCrop } from './face-crop';
import { countsLine, displayName } from './person-name';

export type PersonChoice = { kind: 'existing'; person: Person } | { kind: 'new'; name: string };

interface PersonPickerProps {
  label: string;
  /** Offer "New person <typed name>" as the first choice. */
  allowNew?: boolean;
  /** People not to offer (the person being merged, for instance). */
  exclude?: readonly string[];
  onPick: (choice: PersonChoice) => void;
  autoFocus?: boolean;
  disabled?: boolean;
  placeholder?: string;
}

/**
 * A search box that finds a person by name (ARIA combobox: arrows move, Enter picks, Escape closes). Empty, it
 * offers the biggest people; typed, the names that contain the text, and a new person of that name if allowed.
 */
export function PersonPicker({ label, allowNew = false, exclude = [], onPick, autoFocus, disabled, placeholder }: PersonPickerProps) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDeferredValue(text.trim());
  const listId = useId();
  const inputId = useId();

  const found = useQuery({
    queryKey: ['people', 'picker', query],
    queryFn: async () => (query === '' ? (await api.people({ sort: 'faces', filter: 'all', limit: 8 })).items : (await api.search(query)).people),
    enabled: open,
    staleTime: 10_000,
  });
  const people = (found.data ?? []).filter((p) => !exclude.includes(p.id)).slice(0, 8);
  const exact = people.some((p) => p.name !== null && p.name.toLowerCase() === query.toLowerCase());
  const choices: PersonChoice[] = [
    ...(allowNew && query !== '' && !exact ? [{ kind: 'new' as const, name: text.trim() }] : []),
    ...people.map((person) => ({ kind: 'existing' as const, person })),
  ];
  const current = Math.min(active, choices.length - 1);

  const pick = (choice: PersonChoice | undefined) => {
    if (choice === undefined) return;
    onPick(choice);
    setText('');
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, choices.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open) pick(choices[current]);
    } else if (e.key === 'Escape') {
      if (open) e.stopPropagation();
      setOpen(false);
    }
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="picker">
      <label htmlFor={inputId} className="picker-label">
        {label}
      </label>
      <input
        id={inputId}
        className="input"
        role="combobox"
        aria-expanded={open && choices.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && current >= 0 ? optionId(current) : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        disabled={disabled}
        placeholder={placeholder ?? (allowNew ? 'Type a name…' : 'Search people…')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {open && choices.length > 0 ? (
        <ul id={listId} role="listbox" className="picker-list" aria-label={label}>
          {choices.map((choice, i) => (
            <li
              key={choice.kind === 'new' ? 'new' : choice.person.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className={`picker-option${i === current ? ' is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(choice)}
              onMouseEnter={() => setActive(i)}
            >
              {choice.kind === 'new' ? (
                <>
                  <span className="picker-new" aria-hidden="true">
                    +
                  </span>
                  <span>
                    New person <strong>{choice.name}</strong>
                  </span>
                </>
              ) : (
                <>
                  <FaceCrop faceId={choice.person.coverFaceId} alt="" size={32} />
                  <span className="picker-name">{displayName(choice.person)}</span>
                  <span className="muted small">{countsLine(choice.person)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
