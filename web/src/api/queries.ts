import { infiniteQueryOptions, queryOptions, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { FaceOrder, Page, PeopleFilter, PeopleSort } from './types';

/**
 * Query keys and fetchers in one place. Keys start with what they show, so that a change to the library
 * invalidates every view of it at once (see useLibraryChanged).
 */
export const PAGE_SIZE = 200;

function nextOffset<T>(last: Page<T>, pages: Page<T>[]): number | undefined {
  const loaded = pages.reduce((n, p) => n + p.items.length, 0);
  return last.items.length === 0 || loaded >= last.total ? undefined : loaded;
}

export const queries = {
  people: (sort: PeopleSort, filter: PeopleFilter, q: string) =>
    infiniteQueryOptions({
      queryKey: ['people', 'list', { sort, filter, q }],
      queryFn: ({ pageParam }) => api.people({ sort, filter, q, offset: pageParam, limit: PAGE_SIZE }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
  person: (id: string) => queryOptions({ queryKey: ['people', 'one', id], queryFn: () => api.person(id) }),
  personFaces: (id: string, order: FaceOrder) =>
    infiniteQueryOptions({
      queryKey: ['faces', 'person', id, order],
      queryFn: ({ pageParam }) => api.personFaces(id, { order, offset: pageParam, limit: 500 }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
  timeline: (id: string) => queryOptions({ queryKey: ['photos', 'timeline', id], queryFn: () => api.timeline(id) }),
  companions: (id: string) => queryOptions({ queryKey: ['people', 'companions', id], queryFn: () => api.companions(id) }),
  unassigned: () =>
    infiniteQueryOptions({
      queryKey: ['faces', 'unassigned'],
      queryFn: ({ pageParam }) => api.unassignedFaces({ offset: pageParam, limit: 500 }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
  photos: (people: string, from: string, to: string) =>
    infiniteQueryOptions({
      queryKey: ['photos', 'list', { people, from, to }],
      queryFn: ({ pageParam }) => api.photos({ people, from, to, offset: pageParam, limit: PAGE_SIZE }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
  photo: (id: string) => queryOptions({ queryKey: ['photos', 'one', id], queryFn: () => api.photo(id) }),
  /** Pending suggestions are about people: a change to people (an accepted name) refreshes them too. */
  suggestions: () => queryOptions({ queryKey: ['people', 'suggestions'], queryFn: () => api.suggestions() }),
  personSuggestions: (id: string) => queryOptions({ queryKey: ['people', 'suggestions', id], queryFn: () => api.suggestions(id) }),
  /** An annotation run started from a person's page, asked again every second until it ends. */
  annotation: (id: string) =>
    queryOptions({ queryKey: ['admin', 'annotation', id], queryFn: () => api.annotation(id), refetchInterval: (q) => (q.state.data?.state === 'running' ? 1000 : false) }),
  graph: () => queryOptions({ queryKey: ['people', 'graph'], queryFn: api.graph }),
  search: (q: string) => queryOptions({ queryKey: ['people', 'search', q], queryFn: () => api.search(q) }),
  review: () => queryOptions({ queryKey: ['review', 'next'], queryFn: () => api.reviewNext(5), staleTime: Infinity }),
  status: () => queryOptions({ queryKey: ['admin', 'status'], queryFn: api.status, refetchInterval: 10_000 }),
  scans: () => queryOptions({ queryKey: ['admin', 'scans'], queryFn: api.scans }),
  errors: () => queryOptions({ queryKey: ['admin', 'errors'], queryFn: api.errors }),
  jobs: () => queryOptions({ queryKey: ['admin', 'jobs'], queryFn: api.jobs, refetchInterval: 5_000 }),
  workers: () => queryOptions({ queryKey: ['admin', 'workers'], queryFn: api.workers, refetchInterval: 5_000 }),
};

/** After a correction every view of people, faces, photos and the review queue may be out of date. */
export function useLibraryChanged(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await Promise.all(['people', 'faces', 'photos', 'review'].map((key) => client.invalidateQueries({ queryKey: [key] })));
  };
}

export function flatItems<T>(pages: Page<T>[] | undefined): T[] {
  return pages?.flatMap((p) => p.items) ?? [];
}

export function totalOf<T>(pages: Page<T>[] | undefined): number {
  return pages?.[0]?.total ?? 0;
}
