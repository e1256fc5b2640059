import type { ClusterLibraryOptions } from '../clustering/cluster-library.js';
import type { Library } from './open-library.js';

/**
 * Above this many stored faces, an incremental clustering run on a graph library asks Neo4j's vector index for
 * neighbours instead of reading every embedding over the network (a pass over 100k 512-d float32 embeddings moves
 * ~200 MB, and a run makes one or two). Below it, reading them page by page and computing the neighbours by matrix
 * product is faster and exact.
 */
export const GRAPH_IN_MEMORY_FACES = 100_000;

/** Where an incremental clustering run of this library gets its neighbours. */
export async function neighbourSourceFor(library: Library): Promise<NonNullable<ClusterLibraryOptions['neighbours']>> {
  if (library.kind !== 'graph') return 'batch';
  const { faces } = await library.catalog.counts();
  return faces > GRAPH_IN_MEMORY_FACES ? 'index' : 'batch';
}
