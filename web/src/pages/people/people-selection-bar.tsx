import { useId, useState } from 'react';
import type { Person } from '../../api/types';
import { displayName } from '../../components/person-name';

interface PeopleSelectionBarProps {
  selected: Person[];
  busy: boolean;
  onMerge: (into: string, from: string[]) => void;
  onHide: (ids: string[], hidden: boolean) => void;
  onClear: () => void;
}

/** What to do with the people picked in the grid: merge them into one of them, hide or show them. */
export function PeopleSelectionBar({ selected, busy, onMerge, onHide, onClear }: PeopleSelectionBarProps) {
  const intoId = useId();
  // Keep the biggest by default: its name and id survive, the others join it.
  const biggest = [...selected].sort((a, b) => b.faces - a.faces)[0];
  const [chosen, setChosen] = useState<string | null>(null);
  const into = selected.find((p) => p.id === chosen) ?? biggest;
  if (selected.length === 0 || into === undefined) return null;
  const allHidden = selected.every((p) => p.hidden);
  return (
    <div className="selection-bar" role="region" aria-label="Selected people">
      <strong>{selected.length} selected</strong>
      {selected.length >= 2 ? (
        <div className="inline-form">
          <label htmlFor={intoId}>Merge into</label>
          <select id={intoId} className="input" value={into.id} onChange={(e) => setChosen(e.target.value)}>
            {selected.map((p) => (
              <option key={p.id} value={p.id}>
                {displayName(p)} ({p.faces})
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => onMerge(into.id, selected.filter((p) => p.id !== into.id).map((p) => p.id))}
          >
            Merge {selected.length}
          </button>
        </div>
      ) : null}
      <button type="button" className="button" disabled={busy} onClick={() => onHide(selected.map((p) => p.id), !allHidden)}>
        {allHidden ? 'Show again' : 'Hide'}
      </button>
      <button type="button" className="button button-quiet" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
