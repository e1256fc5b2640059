import type { Neighbour } from '../catalog/catalog.js';
import type { Embedding } from '../domain/types.js';
import { exactKnn } from '../models/knn/exact-knn.js';
import { stackEmbeddings } from './embedding-blocks.js';
import type { NeighbourFunction } from './types.js';

/**
 * Neighbour lists for every query face at once (exact, by matrix product), served to the planner as a lookup.
 * A request for more neighbours than were computed goes to `fallback`, so results never silently shrink.
 */
export async function batchNeighbours(
  queries: ReadonlyMap<string, Embedding>,
  database: ReadonlyMap<string, Embedding>,
  k: number,
  fallback: NeighbourFunction,
): Promise<NeighbourFunction> {
  const databaseIds = [...database.keys()];
  const dims = database.values().next().value?.length ?? 0;
  const lists = new Map<string, Neighbour[]>();
  let stacked: Float32Array | undefined;
  /** Lists of `queryIds` (all with an embedding in `embeddings`), k long, by one matrix product. */
  const compute = async (queryIds: readonly string[], embeddings: ReadonlyMap<string, Embedding>) => {
    if (dims === 0 || queryIds.length === 0) return;
    stacked ??= stackEmbeddings(databaseIds, database, dims);
    const result = await exactKnn(stackEmbeddings(queryIds, embeddings, dims), stacked, dims, k);
    queryIds.forEach((id, q) => {
      const list: Neighbour[] = [];
      for (let j = 0; j < result.k; j++) {
        list.push({ faceId: databaseIds[result.indices[q * result.k + j]!]!, distance: 1 - result.similarities[q * result.k + j]! });
      }
      lists.set(id, list);
    });
  };
  await compute([...queries.keys()], queries);
  const computed = Math.min(k, databaseIds.length);
  const neighbours: NeighbourFunction = (faceId, wanted) => {
    const list = lists.get(faceId);
    if (list && (wanted <= computed || computed === databaseIds.length)) return list.slice(0, wanted);
    return fallback(faceId, wanted);
  };
  // Faces of the database that were not queries (an incremental run's placed faces) are computed in one batch too.
  neighbours.prefetch = async (faceIds, wanted) => {
    if (wanted > computed && computed < databaseIds.length) return;
    await compute([...new Set(faceIds)].filter((f) => !lists.has(f) && database.has(f)), database);
  };
  return neighbours;
}
