import type { Neighbour } from '../../src/catalog/catalog.js';
import type { NeighbourFunction } from '../../src/clustering/types.js';

/**
 * A neighbour function from hand-written similarities, for small cases worked out on paper.
 * Pairs not listed have similarity 0; every face is its own nearest neighbour, as in an index.
 */
export function tableNeighbours(faceIds: readonly string[], similarities: Record<string, number>): NeighbourFunction {
  const sim = (a: string, b: string) => (a === b ? 1 : (similarities[`${a}-${b}`] ?? similarities[`${b}-${a}`] ?? 0));
  return (faceId: string, k: number): Neighbour[] =>
    faceIds
      .map((other) => ({ faceId: other, distance: 1 - sim(faceId, other) }))
      .sort((x, y) => x.distance - y.distance || (x.faceId < y.faceId ? -1 : 1))
      .slice(0, k);
}
