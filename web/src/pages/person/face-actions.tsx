import { useState } from 'react';
import { PersonPicker, type PersonChoice } from '../../components/person-picker';
import { plural } from '../../components/person-name';

interface FaceActionsProps {
  count: number;
  personId: string;
  busy: boolean;
  onReject: () => void;
  onMove: (choice: PersonChoice) => void;
  onSplit: () => void;
  onClear: () => void;
}

/** What to do with the faces picked on a person's page. */
export function FaceActions({ count, personId, busy, onReject, onMove, onSplit, onClear }: FaceActionsProps) {
  const [moving, setMoving] = useState(false);
  if (count === 0) return null;
  return (
    <div className="selection-bar" role="region" aria-label="Selected faces">
      <strong>{plural(count, 'face')} selected</strong>
      <button type="button" className="button button-danger" disabled={busy} onClick={onReject}>
        Not this person
      </button>
      <button type="button" className="button" disabled={busy} aria-expanded={moving} onClick={() => setMoving((m) => !m)}>
        Move to…
      </button>
      <button type="button" className="button" disabled={busy} onClick={onSplit}>
        Split off as a new person
      </button>
      <button type="button" className="button button-quiet" onClick={onClear}>
        Clear selection
      </button>
      {moving ? (
        <div className="selection-bar-extra">
          <PersonPicker
            label="Move the selected faces to"
            allowNew
            exclude={[personId]}
            autoFocus
            disabled={busy}
            onPick={(choice) => {
              setMoving(false);
              onMove(choice);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
