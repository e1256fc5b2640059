import { useState } from 'react';

interface NameFieldProps {
  personId: string;
  label: string;
  onSave: (name: string) => void;
}

/**
 * An unnamed person's name, typed straight into the grid: Enter saves and moves to the next unnamed person, so a
 * whole page is named without touching the mouse.
 */
export function NameField({ personId, label, onSave }: NameFieldProps) {
  const [text, setText] = useState('');
  return (
    <input
      className="input input-compact"
      data-name-field={personId}
      aria-label={label}
      placeholder="Add a name"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && text.trim() !== '') {
          e.preventDefault();
          onSave(text.trim());
          setText('');
        } else if (e.key === 'Escape') setText('');
      }}
    />
  );
}

/** Focuses a person's name field once the virtual grid has rendered it, scrolling a row at a time towards it. */
export function focusNameField(personId: string, attempts = 30): void {
  const field = document.querySelector<HTMLInputElement>(`[data-name-field="${CSS.escape(personId)}"]`);
  if (field !== null) {
    field.focus();
    field.scrollIntoView({ block: 'nearest' });
    return;
  }
  if (attempts <= 0) return;
  window.scrollBy({ top: 200 });
  requestAnimationFrame(() => focusNameField(personId, attempts - 1));
}
