import { Link } from 'react-router';
import type { Person } from '../../api/types';
import { FaceCrop } from '../../components/face-crop';
import { countsLine, displayName, plural } from '../../components/person-name';
import { NameField } from './name-field';

interface PersonCardProps {
  person: Person;
  selected: boolean;
  onToggle: (range: boolean) => void;
  onName: (name: string) => void;
  /** Pending suggestions about the person from a language model (facetag annotate). */
  suggestions: number;
}

/** One person in the grid: best face, name (or a name field when unnamed), counts, and a box to select it. */
export function PersonCard({ person, selected, onToggle, onName, suggestions }: PersonCardProps) {
  const name = displayName(person);
  return (
    <article className={`person-card${selected ? ' is-selected' : ''}${person.hidden ? ' is-hidden' : ''}`} aria-label={name}>
      <Link to={`/people/${person.id}`} className="person-card-face" aria-label={`Open ${name}`}>
        <FaceCrop faceId={person.coverFaceId} alt="" />
      </Link>
      <label className="tile-check" title={`Select ${name}`}>
        <input
          type="checkbox"
          checked={selected}
          aria-label={`Select ${name}`}
          onChange={() => undefined}
          onClick={(e) => onToggle(e.shiftKey)}
        />
      </label>
      <div className="person-card-body">
        {person.name === null ? (
          <NameField personId={person.id} label={`Name ${person.id}`} onSave={onName} />
        ) : (
          <Link to={`/people/${person.id}`} className="person-card-name">
            {person.name}
          </Link>
        )}
        <p className="muted small">
          {countsLine(person)}
          {person.hidden ? <span className="badge">hidden</span> : null}
          {suggestions > 0 ? (
            <span className="badge badge-accent" title="suggestions from a language model: facetag suggestions">
              {plural(suggestions, 'suggestion')}
            </span>
          ) : null}
        </p>
      </div>
    </article>
  );
}
