import { useId } from 'react';
import type { PeopleFilter, PeopleSort } from '../../api/types';

const SORTS: { value: PeopleSort; label: string }[] = [
  { value: 'faces', label: 'Most faces' },
  { value: 'name', label: 'Name' },
  { value: 'recent', label: 'Recently seen' },
];
const FILTERS: { value: PeopleFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'named', label: 'Named' },
  { value: 'unnamed', label: 'Unnamed' },
  { value: 'hidden', label: 'Hidden' },
];

interface PeopleToolbarProps {
  q: string;
  sort: PeopleSort;
  filter: PeopleFilter;
  onChange: (change: Partial<{ q: string; sort: PeopleSort; filter: PeopleFilter }>) => void;
}

/** Search by name, sort and filter; kept in the address so that a reload or a shared link shows the same list. */
export function PeopleToolbar({ q, sort, filter, onChange }: PeopleToolbarProps) {
  const searchId = useId();
  const sortId = useId();
  return (
    <div className="toolbar" role="search">
      <div className="field">
        <label htmlFor={searchId}>Search by name</label>
        <input id={searchId} className="input" type="search" value={q} placeholder="Name contains…" onChange={(e) => onChange({ q: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={sortId}>Sort</label>
        <select id={sortId} className="input" value={sort} onChange={(e) => onChange({ sort: e.target.value as PeopleSort })}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="segmented">
        <legend>Show</legend>
        {FILTERS.map((f) => (
          <label key={f.value} className={`segment${filter === f.value ? ' is-on' : ''}`}>
            <input type="radio" name="people-filter" value={f.value} checked={filter === f.value} onChange={() => onChange({ filter: f.value })} />
            {f.label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
