import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { dropPeople, patchPerson, useOptimisticMutation } from '../../api/optimistic';
import type { Person } from '../../api/types';
import { FaceCrop } from '../../components/face-crop';
import { PersonPicker } from '../../components/person-picker';
import { countsLine, displayName } from '../../components/person-name';

/** The person's face, name (renamed in place), counts, and what can be done to the whole person. */
export function PersonHeader({ person }: { person: Person }) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [draft, setDraft] = useState('');

  const rename = useOptimisticMutation({
    mutationFn: (name: string | null) => api.updatePerson(person.id, { name }),
    touches: [['people']],
    apply: (client, name) => patchPerson(client, person.id, { name }),
    done: (p) => `Renamed to ${displayName(p)}`,
  });
  const hide = useOptimisticMutation({
    mutationFn: (hidden: boolean) => api.updatePerson(person.id, { hidden }),
    touches: [['people']],
    apply: (client, hidden) => patchPerson(client, person.id, { hidden }),
    done: (p) => (p.hidden ? `${displayName(p)} is hidden` : `${displayName(p)} is shown again`),
  });
  const merge = useOptimisticMutation({
    mutationFn: (into: string) => api.merge(into, [person.id]),
    touches: [['people']],
    apply: (client) => dropPeople(client, [person.id]),
    done: (into) => `Merged ${displayName(person)} into ${displayName(into)}`,
    onSuccess: (into) => navigate(`/people/${into.id}`, { replace: true }),
  });

  const save = () => {
    const name = draft.trim();
    setEditing(false);
    if (name !== (person.name ?? '')) rename.mutate(name === '' ? null : name);
  };

  return (
    <header className="person-header">
      <FaceCrop faceId={person.coverFaceId} alt={`Best face of ${displayName(person)}`} size={96} />
      <div className="person-header-main">
        {editing ? (
          <div className="inline-form">
            <label htmlFor="person-name" className="visually-hidden">
              Name
            </label>
            <input
              id="person-name"
              className="input input-title"
              value={draft}
              autoFocus
              placeholder="Name"
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') save();
                if (e.key === 'Escape') setEditing(false);
              }}
            />
            <button type="button" className="button button-primary" onClick={save}>
              Save
            </button>
            <button type="button" className="button button-quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="title-row">
            <h1 className={person.name === null ? 'is-unnamed' : undefined}>{displayName(person)}</h1>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setDraft(person.name ?? '');
                setEditing(true);
              }}
            >
              {person.name === null ? 'Add a name' : 'Rename'}
            </button>
            {person.hidden ? <span className="badge">hidden</span> : null}
          </div>
        )}
        <p className="muted">
          {countsLine(person)} · <span className="mono">{person.id}</span>
        </p>
      </div>
      <div className="person-header-actions">
        <button type="button" className="button" aria-expanded={merging} onClick={() => setMerging((m) => !m)}>
          Merge into…
        </button>
        <button type="button" className="button" disabled={hide.isPending} onClick={() => hide.mutate(!person.hidden)}>
          {person.hidden ? 'Show again' : 'Hide'}
        </button>
      </div>
      {merging ? (
        <div className="merge-box">
          <PersonPicker
            label={`Merge ${displayName(person)} into`}
            exclude={[person.id]}
            autoFocus
            disabled={merge.isPending}
            onPick={(choice) => {
              if (choice.kind === 'existing') merge.mutate(choice.person.id);
            }}
          />
        </div>
      ) : null}
    </header>
  );
}
