import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { imageUrl } from '../../api/client';
import { flatItems, queries, totalOf } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/error-message';
import { PersonPicker } from '../../components/person-picker';
import { displayName, plural } from '../../components/person-name';
import { usePageTitle } from '../../components/use-page-title';
import { fileName } from '../person/person-timeline';

/** Photos showing all of the chosen people, between two dates; the query lives in the address. */
export function SearchPage() {
  usePageTitle('Search');
  const [params, setParams] = useSearchParams();
  const people = (params.get('people') ?? '').split(',').filter((p) => p !== '');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const fromId = useId();
  const toId = useId();

  const update = (next: { people?: string[]; from?: string; to?: string }) => {
    const search = new URLSearchParams();
    const list = next.people ?? people;
    if (list.length > 0) search.set('people', list.join(','));
    const f = next.from ?? from;
    const t = next.to ?? to;
    if (f !== '') search.set('from', f);
    if (t !== '') search.set('to', t);
    setParams(search, { replace: true });
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>Search photos</h1>
        <p className="muted">Photos that show every one of the people, taken between the dates.</p>
      </div>
      <div className="toolbar search-form">
        <div className="chips" aria-label="Chosen people">
          {people.map((id) => (
            <PersonChip key={id} id={id} onRemove={() => update({ people: people.filter((p) => p !== id) })} />
          ))}
          <PersonPicker label={people.length === 0 ? 'With' : 'And'} exclude={people} placeholder="Add a person…" onPick={(c) => c.kind === 'existing' && update({ people: [...people, c.person.id] })} />
        </div>
        <div className="field">
          <label htmlFor={fromId}>From</label>
          <input id={fromId} className="input" type="date" value={from} onChange={(e) => update({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={toId}>To</label>
          <input id={toId} className="input" type="date" value={to} onChange={(e) => update({ to: e.target.value })} />
        </div>
      </div>
      {people.length === 0 ? <p className="hint">Add one or more people to see the photos they are on together.</p> : <Results people={people.join(',')} from={from} to={to} />}
    </section>
  );
}

function PersonChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const person = useQuery(queries.person(id));
  const name = person.data ? displayName(person.data) : id;
  return (
    <span className="chip">
      {name}
      <button type="button" className="chip-remove" aria-label={`Remove ${name}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

function Results({ people, from, to }: { people: string; from: string; to: string }) {
  const list = useInfiniteQuery(queries.photos(people, from, to));
  if (list.isPending) return <Loading what="photos" />;
  if (list.isError) return <ErrorMessage error={list.error} title="Could not search" onRetry={() => void list.refetch()} />;
  const photos = flatItems(list.data.pages);
  const context = new URLSearchParams({ people, ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  return (
    <>
      <p className="muted" role="status">
        {plural(totalOf(list.data.pages), 'photo')}
      </p>
      {photos.length === 0 ? <p className="empty">No photo shows all of them{from || to ? ' in those dates' : ''}.</p> : null}
      <ul className="photo-grid">
        {photos.map((photo) => (
          <li key={photo.id}>
            <Link to={`/photos/${photo.id}?${context}`} className="photo-thumb">
              <img src={imageUrl.photo(photo.id, 320)} alt={`Photo ${fileName(photo.path)}`} loading="lazy" decoding="async" />
            </Link>
            <span className="small muted">{photo.takenAt?.slice(0, 10) ?? 'undated'}</span>
          </li>
        ))}
      </ul>
      {list.hasNextPage ? (
        <button type="button" className="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          Show more
        </button>
      ) : null}
    </>
  );
}
