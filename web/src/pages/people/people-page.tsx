import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { dropPeople, patchPerson, useOptimisticMutation } from '../../api/optimistic';
import { flatItems, queries, totalOf } from '../../api/queries';
import type { PeopleFilter, PeopleSort } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/error-message';
import { displayName, plural } from '../../components/person-name';
import { usePageTitle } from '../../components/use-page-title';
import { useSelection } from '../../components/use-selection';
import { VirtualGrid } from '../../components/virtual-grid';
import { focusNameField } from './name-field';
import { PersonCard } from './person-card';
import { PeopleSelectionBar } from './people-selection-bar';
import { PeopleToolbar } from './people-toolbar';

const SORTS: readonly string[] = ['faces', 'name', 'recent'];
const FILTERS: readonly string[] = ['all', 'named', 'unnamed', 'hidden'];

/** The home page: everyone the library knows, biggest first, named in place, merged and hidden in bulk. */
export function PeoplePage() {
  usePageTitle('People');
  const [params, setParams] = useSearchParams();
  const sort = (SORTS.includes(params.get('sort') ?? '') ? params.get('sort') : 'faces') as PeopleSort;
  const filter = (FILTERS.includes(params.get('filter') ?? '') ? params.get('filter') : 'all') as PeopleFilter;
  const q = params.get('q') ?? '';
  const deferredQ = useDeferredValue(q.trim());

  const list = useInfiniteQuery(queries.people(sort, filter, deferredQ));
  const people = useMemo(() => flatItems(list.data?.pages), [list.data]);
  const order = useMemo(() => people.map((p) => p.id), [people]);
  const selection = useSelection(order);
  const pending = useQuery(queries.suggestions());
  const suggested = useMemo(() => {
    const counts = new Map<string, number>();
    for (const s of pending.data?.items ?? []) if ('personId' in s) counts.set(s.personId, (counts.get(s.personId) ?? 0) + 1);
    return counts;
  }, [pending.data]);

  const rename = useOptimisticMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => api.updatePerson(id, { name }),
    touches: [['people']],
    apply: (client, { id, name }) => patchPerson(client, id, { name }),
    done: (person) => `Named ${displayName(person)}`,
  });
  const merge = useOptimisticMutation({
    mutationFn: ({ into, from }: { into: string; from: string[] }) => api.merge(into, from),
    touches: [['people']],
    apply: (client, { from }) => dropPeople(client, from),
    done: (person, { from }) => `Merged ${plural(from.length, 'person')} into ${displayName(person)}`,
    onSuccess: () => selection.clear(),
  });
  const hide = useOptimisticMutation({
    mutationFn: ({ ids, hidden }: { ids: string[]; hidden: boolean }) => Promise.all(ids.map((id) => api.updatePerson(id, { hidden }))),
    touches: [['people']],
    apply: (client, { ids, hidden }) => {
      for (const id of ids) patchPerson(client, id, { hidden });
      if (hidden !== (filter === 'hidden')) dropPeople(client, ids);
    },
    done: (_r, { ids, hidden }) => `${hidden ? 'Hid' : 'Showing again'} ${plural(ids.length, 'person')}`,
    onSuccess: () => selection.clear(),
  });

  const nameAndNext = useCallback(
    (index: number, id: string, name: string) => {
      rename.mutate({ id, name });
      const next = people.slice(index + 1).find((p) => p.name === null);
      if (next) requestAnimationFrame(() => focusNameField(next.id));
    },
    [people, rename],
  );

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const change = (next: Partial<{ q: string; sort: PeopleSort; filter: PeopleFilter }>) => {
    const merged = { q, sort, filter, ...next };
    const search = new URLSearchParams();
    if (merged.q !== '') search.set('q', merged.q);
    if (merged.sort !== 'faces') search.set('sort', merged.sort);
    if (merged.filter !== 'all') search.set('filter', merged.filter);
    setParams(search, { replace: true });
    selection.clear();
  };

  const total = totalOf(list.data?.pages);
  return (
    <section className="page">
      <div className="page-head">
        <h1>People</h1>
        {list.isSuccess ? <p className="muted">{plural(total, 'person')}</p> : null}
      </div>
      <PeopleToolbar q={q} sort={sort} filter={filter} onChange={change} />
      <PeopleSelectionBar
        selected={people.filter((p) => selection.has(p.id))}
        busy={merge.isPending || hide.isPending}
        onMerge={(into, from) => merge.mutate({ into, from })}
        onHide={(ids, hidden) => hide.mutate({ ids, hidden })}
        onClear={selection.clear}
      />
      {list.isPending ? <Loading what="people" /> : null}
      {list.isError ? <ErrorMessage error={list.error} title="Could not load people" onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && people.length === 0 ? <EmptyPeople filter={filter} q={deferredQ} /> : null}
      {people.length > 0 ? (
        <VirtualGrid
          items={people}
          label="People"
          minTileWidth={168}
          rowHeight={(w) => w + 84}
          gap={16}
          itemKey={(p) => p.id}
          onNearEnd={loadMore}
          renderItem={(person, index) => (
            <PersonCard
              person={person}
              selected={selection.has(person.id)}
              onToggle={(range) => selection.toggle(person.id, range)}
              onName={(name) => nameAndNext(index, person.id, name)}
              suggestions={suggested.get(person.id) ?? 0}
            />
          )}
        />
      ) : null}
      {isFetchingNextPage ? <Loading what="more people" /> : null}
    </section>
  );
}

function EmptyPeople({ filter, q }: { filter: PeopleFilter; q: string }) {
  if (q !== '') return <p className="empty">No one's name contains “{q}”.</p>;
  if (filter === 'hidden') return <p className="empty">No hidden people.</p>;
  if (filter === 'named') return <p className="empty">No one is named yet: open a person, or name faces from the review queue.</p>;
  return <p className="empty">No people yet. Scan a folder from the Status page, or with <code>facetag scan</code>.</p>;
}
