import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { dropFaces, useOptimisticMutation } from '../../api/optimistic';
import { flatItems, queries, totalOf } from '../../api/queries';
import type { FaceOrder, Person } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/error-message';
import { FaceTile } from '../../components/face-tile';
import type { PersonChoice } from '../../components/person-picker';
import { displayName, plural } from '../../components/person-name';
import { useSelection } from '../../components/use-selection';
import { VirtualGrid } from '../../components/virtual-grid';
import { FaceActions } from './face-actions';
import { photosWithTwoFaces } from './twice-in-photo';

/** Every face of the person as crops, least similar first on request, to pick out and send away the wrong ones. */
export function PersonFaces({ person }: { person: Person }) {
  const [order, setOrder] = useState<FaceOrder>('quality');
  const [onlyTwice, setOnlyTwice] = useState(false);
  const list = useInfiniteQuery(queries.personFaces(person.id, order));
  const faces = useMemo(() => flatItems(list.data?.pages), [list.data]);
  const twice = useMemo(() => photosWithTwoFaces(faces), [faces]);
  const shown = useMemo(() => (onlyTwice ? faces.filter((f) => twice.has(f.photoId)) : faces), [faces, onlyTwice, twice]);
  const ids = useMemo(() => shown.map((f) => f.id), [shown]);
  const selection = useSelection(ids);
  const picked = [...selection.ids];

  const faceChange = { touches: [['faces'], ['people']], apply: (client: Parameters<typeof dropFaces>[0], v: { faceIds: string[] }) => dropFaces(client, v.faceIds), onSuccess: () => selection.clear() };
  const reject = useOptimisticMutation({
    ...faceChange,
    mutationFn: ({ faceIds }: { faceIds: string[] }) => api.reject(person.id, faceIds),
    done: (r) => `${plural(r.rejected, 'face')} will never be ${displayName(person)} again`,
  });
  const move = useOptimisticMutation({
    ...faceChange,
    mutationFn: ({ faceIds, to }: { faceIds: string[]; to: PersonChoice }) =>
      to.kind === 'new' ? api.createPerson({ name: to.name, faceIds }) : api.moveFaces(faceIds, to.person.id),
    done: (target, { faceIds }) => `Moved ${plural(faceIds.length, 'face')} to ${displayName(target)}`,
  });
  const split = useOptimisticMutation({
    ...faceChange,
    mutationFn: ({ faceIds }: { faceIds: string[] }) => api.split(person.id, faceIds),
    done: (created, { faceIds }) => `Split ${plural(faceIds.length, 'face')} off into ${displayName(created)}`,
  });
  const busy = reject.isPending || move.isPending || split.isPending;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const total = totalOf(list.data?.pages);
  return (
    <div className="stack">
      {twice.size > 0 ? (
        <div className="warning" role="note">
          <strong>Appears twice in {plural(twice.size, 'photo')}</strong>: one person is rarely twice in one photo, so two people may be mixed up here.{' '}
          {[...twice.keys()].slice(0, 5).map((photoId, i) => (
            <span key={photoId}>
              {i > 0 ? ', ' : ''}
              <Link to={`/photos/${photoId}`}>photo {i + 1}</Link>
            </span>
          ))}
          {twice.size > 5 ? '…' : ''}
        </div>
      ) : null}
      <div className="toolbar">
        <label className="switch">
          <input type="checkbox" checked={order === 'least-similar'} onChange={(e) => { setOrder(e.target.checked ? 'least-similar' : 'quality'); selection.clear(); }} />
          Least similar first
        </label>
        {twice.size > 0 ? (
          <label className="switch">
            <input type="checkbox" checked={onlyTwice} onChange={(e) => setOnlyTwice(e.target.checked)} />
            Only photos where they appear twice
          </label>
        ) : null}
        <button type="button" className="button button-quiet" onClick={() => selection.set(ids)} disabled={ids.length === 0}>
          Select all {ids.length < total ? `${ids.length} loaded` : ids.length}
        </button>
        <span className="muted small">{list.isSuccess ? `${plural(total, 'face')}; click to select, shift-click for a range` : ''}</span>
      </div>
      <FaceActions
        count={selection.size}
        personId={person.id}
        busy={busy}
        onReject={() => reject.mutate({ faceIds: picked })}
        onMove={(to) => move.mutate({ faceIds: picked, to })}
        onSplit={() => split.mutate({ faceIds: picked })}
        onClear={selection.clear}
      />
      {list.isPending ? <Loading what="faces" /> : null}
      {list.isError ? <ErrorMessage error={list.error} title="Could not load the faces" onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && faces.length === 0 ? <p className="empty">No faces left.</p> : null}
      <VirtualGrid
        items={shown}
        label={`Faces of ${displayName(person)}`}
        minTileWidth={112}
        rowHeight={(w) => w + 26}
        gap={10}
        itemKey={(f) => f.id}
        onNearEnd={onlyTwice ? undefined : loadMore}
        renderItem={(face, index) => (
          <FaceTile
            face={face}
            selected={selection.has(face.id)}
            onToggle={(range) => selection.toggle(face.id, range)}
            label={`Face ${index + 1}${face.similarity === undefined ? '' : `, similarity ${face.similarity.toFixed(2)}`}`}
            caption={face.similarity === undefined ? undefined : face.similarity.toFixed(2)}
            flag={twice.has(face.photoId) ? 'twice' : undefined}
          />
        )}
      />
      {isFetchingNextPage ? <Loading what="more faces" /> : null}
    </div>
  );
}
