import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../../api/client';
import { dropFaces, useOptimisticMutation } from '../../api/optimistic';
import { flatItems, queries, totalOf } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/error-message';
import { FaceTile } from '../../components/face-tile';
import { PersonPicker, type PersonChoice } from '../../components/person-picker';
import { displayName, plural } from '../../components/person-name';
import { usePageTitle } from '../../components/use-page-title';
import { useSelection } from '../../components/use-selection';
import { VirtualGrid } from '../../components/virtual-grid';

/**
 * Faces no person has taken yet, in the server's order, which puts similar faces side by side: select a run of
 * them (shift-click) and name them at once, as a new person or an existing one.
 */
export function UnknownPage() {
  usePageTitle('Unknown faces');
  const list = useInfiniteQuery(queries.unassigned());
  const faces = useMemo(() => flatItems(list.data?.pages), [list.data]);
  const ids = useMemo(() => faces.map((f) => f.id), [faces]);
  const selection = useSelection(ids);

  const name = useOptimisticMutation({
    mutationFn: ({ faceIds, to }: { faceIds: string[]; to: PersonChoice }) =>
      to.kind === 'new' ? api.createPerson({ name: to.name, faceIds }) : api.moveFaces(faceIds, to.person.id),
    touches: [['faces'], ['people']],
    apply: (client, { faceIds }) => dropFaces(client, faceIds),
    done: (person, { faceIds }) => `${plural(faceIds.length, 'face')} named ${displayName(person)}`,
    onSuccess: () => selection.clear(),
  });

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section className="page">
      <div className="page-head">
        <h1>Unknown faces</h1>
        {list.isSuccess ? <p className="muted">{plural(totalOf(list.data.pages), 'face')} not yet anyone's; similar faces sit together</p> : null}
      </div>
      {selection.size > 0 ? (
        <div className="selection-bar" role="region" aria-label="Selected faces">
          <strong>{plural(selection.size, 'face')} selected</strong>
          <PersonPicker
            label="Name them"
            allowNew
            placeholder="A new name, or someone known…"
            disabled={name.isPending}
            onPick={(to) => name.mutate({ faceIds: [...selection.ids], to })}
          />
          <button type="button" className="button button-quiet" onClick={selection.clear}>
            Clear selection
          </button>
        </div>
      ) : (
        <p className="hint">Click faces to select them, shift-click to select a run, then type the name they share.</p>
      )}
      {list.isPending ? <Loading what="unknown faces" /> : null}
      {list.isError ? <ErrorMessage error={list.error} title="Could not load the unknown faces" onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && faces.length === 0 ? <p className="empty">Every face belongs to someone.</p> : null}
      <VirtualGrid
        items={faces}
        label="Unknown faces"
        minTileWidth={112}
        rowHeight={(w) => w + 26}
        gap={10}
        itemKey={(f) => f.id}
        onNearEnd={loadMore}
        renderItem={(face, index) => (
          <FaceTile face={face} selected={selection.has(face.id)} onToggle={(range) => selection.toggle(face.id, range)} label={`Unknown face ${index + 1}`} />
        )}
      />
    </section>
  );
}
