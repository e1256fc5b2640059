import { useMutation, useQueryClient, type InfiniteData, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useNotify } from '../components/notices';
import { useLibraryChanged } from './queries';
import type { Face, Page, Person } from './types';

interface OptimisticOptions<V, R> {
  mutationFn: (vars: V) => Promise<R>;
  /** Key prefixes of the queries the change touches: they are saved first and put back if the server refuses. */
  touches: QueryKey[];
  /** Shows the change at once, before the server answers. */
  apply?: (client: QueryClient, vars: V) => void;
  /** What to tell the user on success. */
  done?: (result: R, vars: V) => string | null;
  onSuccess?: (result: R, vars: V) => void;
}

/**
 * A correction of the library: shown at once, rolled back with the server's reason if it fails, and every view of
 * the library refreshed after either way (the server decides what the correction did to other people).
 */
export function useOptimisticMutation<V, R>({ mutationFn, touches, apply, done, onSuccess }: OptimisticOptions<V, R>) {
  const client = useQueryClient();
  const notify = useNotify();
  const libraryChanged = useLibraryChanged();
  return useMutation({
    mutationFn,
    onMutate: async (vars: V) => {
      await Promise.all(touches.map((queryKey) => client.cancelQueries({ queryKey })));
      const saved = touches.flatMap((queryKey) => client.getQueriesData({ queryKey }));
      apply?.(client, vars);
      return { saved };
    },
    onError: (err, _vars, context) => {
      for (const [key, data] of context?.saved ?? []) client.setQueryData(key, data);
      notify('error', err instanceof Error ? err.message : String(err));
    },
    onSuccess: (result, vars) => {
      const message = done?.(result, vars);
      if (message) notify('info', message);
      onSuccess?.(result, vars);
    },
    onSettled: () => libraryChanged(),
  });
}

type People = InfiniteData<Page<Person>>;
type Faces = InfiniteData<Page<Face>>;

/** Changes one person wherever it is shown: its own query and every loaded page of every people list. */
export function patchPerson(client: QueryClient, id: string, patch: Partial<Person>): void {
  client.setQueryData<Person>(['people', 'one', id], (p) => (p === undefined ? p : { ...p, ...patch }));
  client.setQueriesData<People>({ queryKey: ['people', 'list'] }, (data) => mapPages(data, (p) => (p.id === id ? { ...p, ...patch } : p)));
}

/** Takes people out of every loaded people list (merged away, hidden under a filter that hides them). */
export function dropPeople(client: QueryClient, ids: readonly string[]): void {
  const gone = new Set(ids);
  client.setQueriesData<People>({ queryKey: ['people', 'list'] }, (data) => filterPages(data, (p) => !gone.has(p.id)));
}

/** Takes faces out of every loaded face grid (moved, rejected, split off, named). */
export function dropFaces(client: QueryClient, ids: readonly string[]): void {
  const gone = new Set(ids);
  client.setQueriesData<Faces>({ queryKey: ['faces'] }, (data) => filterPages(data, (f) => !gone.has(f.id)));
}

function mapPages<T>(data: InfiniteData<Page<T>> | undefined, fn: (item: T) => T): InfiniteData<Page<T>> | undefined {
  if (data === undefined) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(fn) })) };
}

function filterPages<T>(data: InfiniteData<Page<T>> | undefined, keep: (item: T) => boolean): InfiniteData<Page<T>> | undefined {
  if (data === undefined) return data;
  const pages = data.pages.map((page) => page.items.filter(keep));
  const removed = data.pages.reduce((n, page, i) => n + page.items.length - pages[i]!.length, 0);
  return { ...data, pages: data.pages.map((page, i) => ({ total: page.total - removed, items: pages[i]! })) };
}
