import type { Neighbour } from '../catalog/catalog.js';
import { dot } from '../domain/vector.js';
import type { Embedding } from '../domain/types.js';
import { compareIds } from './compare-ids.js';
import type { NeighbourFunction } from './types.js';

/**
 * Exact kNN by scanning every embedding (L2-normalised): O(n) per query, fine for tests and libraries
 * of a few thousand faces. Like an index over stored faces, the answer includes the face itself.
 * Nearest first, ties by id, so results never depend on input order.
 */
export function bruteForceNeighbours(faces: readonly { id: string; embedding: Embedding }[]): NeighbourFunction {
  const sorted = [...faces].sort((a, b) => compareIds(a.id, b.id));
  const byId = new Map(sorted.map((f) => [f.id, f.embedding]));
  return (faceId: string, k: number): Neighbour[] => {
    const query = byId.get(faceId);
    if (!query) throw new Error(`brute-force neighbours: unknown face ${faceId}`);
    // Keep only the k best while scanning: sorting every face per query costs far more than the dot products.
    const best: { index: number; similarity: number }[] = [];
    for (let index = 0; index < sorted.length && k > 0; index++) {
      const similarity = dot(query, sorted[index]!.embedding);
      if (best.length === k && similarity <= best[k - 1]!.similarity) continue;
      let at = best.length;
      // Strictly greater moves ahead, so among equals the earlier (smaller) id stays first.
      while (at > 0 && best[at - 1]!.similarity < similarity) at--;
      best.splice(at, 0, { index, similarity });
      if (best.length > k) best.pop();
    }
    return best.map(({ index, similarity }) => ({ faceId: sorted[index]!.id, distance: 1 - similarity }));
  };
}
