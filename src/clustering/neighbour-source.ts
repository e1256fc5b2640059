import type { FaceCatalog, Neighbour, NeighbourSearchKind } from '../catalog/catalog.js';
import { blocksById, catalogBlocks, keepOnly } from './embedding-blocks.js';
import { type NeighbourLists, streamedNeighbours } from './streamed-neighbours.js';
import type { NeighbourFunction } from './types.js';

/**
 * Neighbour lists computed ahead for the faces a run judges, then served to the planner; a request for more than was
 * computed goes to the catalog's index, so results never silently shrink.
 */
export interface NeighbourSource {
  /**
   * Computes and keeps the lists of these faces: `depth` long when given (at most k; the planner's radius sample needs
   * only neighbourCount + 1, and on an approximate index a shorter list re-ranks fewer candidates read from the
   * catalog), else k long.
   */
  load(faceIds: readonly string[], depth?: number): Promise<void>;
  /** A kept list, nearest first, possibly holding the face itself; undefined for a face not loaded. */
  list(faceId: string): readonly Neighbour[] | undefined;
  /** What the planner asks. */
  readonly neighbours: NeighbourFunction;
}

type SourceCatalog = Pick<FaceCatalog, 'getFaceEmbeddings' | 'nearestFaces' | 'embeddingPage' | 'neighbourSearch'>;

/**
 * Exact lists by a blocked matrix product over the library's embeddings, read from the catalog page by page
 * (streamed-neighbours.ts): the embedded default, where the product beats one index query per face by far.
 * A few faces' embeddings are looked up by id; many (a recluster's) are taken from the library's own pages.
 */
export function streamedSource(catalog: SourceCatalog, pack: string, k: number): NeighbourSource {
  const computed: NeighbourLists[] = [];
  const library = catalogBlocks(catalog, pack);
  // A handful of faces (a scan of a photo or two, the last rounds of an incremental run) are asked of the index.
  const few = indexSource(catalog, pack, k);
  // At most `wanted` of a face's list: the index's first (as it always was), unless a pass computed a deeper one
  // (a computed list is made into objects only when asked for).
  const kept = (faceId: string, wanted = k): KeptList | undefined => {
    const asked = few.list(faceId)?.slice(0, wanted);
    const depth = few.depthOf(faceId);
    if (asked && depth >= k) return { found: asked, depth, complete: false };
    for (const lists of computed) if (lists.has(faceId)) return { found: lists.get(faceId, wanted)!, depth: k, complete: lists.complete };
    return asked && { found: asked, depth, complete: false };
  };
  const load = async (faceIds: readonly string[], depth = k) => {
    // The catalog is asked how it searches only when that decides (on Neo4j the answer costs a round trip).
    if (faceIds.length <= FEW_FACES || faceIds.length <= fewFaces(await catalog.neighbourSearch(pack))) return few.load(faceIds, depth);
    // A pass over the library costs the same whatever the depth: its lists are k long.
    const queries = faceIds.length > MANY_FACES ? keepOnly(library(), new Set(faceIds)) : blocksById(catalog, faceIds);
    computed.push(await streamedNeighbours(queries, library, k));
  };
  const neighbours: NeighbourFunction = async (faceId, wanted) => {
    const list = kept(faceId, wanted);
    if (list && (wanted <= list.depth || list.complete)) return list.found;
    return indexQuery(catalog, pack, faceId, wanted);
  };
  neighbours.prefetch = prefetchBy(load, (faceId) => kept(faceId)?.depth ?? 0, k);
  return { load, list: (faceId) => kept(faceId)?.found, neighbours };
}

/** A list a source keeps: `depth` neighbours were asked for it; complete when it holds every face of the library. */
interface KeptList {
  found: Neighbour[];
  depth: number;
  complete: boolean;
}

/** Lists from the catalog's index, one query per face, kept for the run (remote catalogs, whose index is the fast path). */
export function indexSource(catalog: SourceCatalog, pack: string, k: number): NeighbourSource & { depthOf(faceId: string): number } {
  const kept = new Map<string, { found: Neighbour[]; depth: number }>();
  const depthOf = (faceId: string) => kept.get(faceId)?.depth ?? 0;
  const load = async (faceIds: readonly string[], depth = k) => {
    const asked = Math.min(depth, k);
    for (const faceId of faceIds) if (depthOf(faceId) < asked) kept.set(faceId, { found: await indexQuery(catalog, pack, faceId, asked), depth: asked });
  };
  const neighbours: NeighbourFunction = async (faceId, wanted) => {
    const list = kept.get(faceId);
    return list && wanted <= list.depth ? list.found.slice(0, wanted) : indexQuery(catalog, pack, faceId, wanted);
  };
  neighbours.prefetch = prefetchBy(load, depthOf, k);
  return { load, list: (faceId) => kept.get(faceId)?.found, neighbours, depthOf };
}

/**
 * The planner's batch request (neighbour-graph.ts: e.g. the faces of earlier people sampled for their radius) served by
 * one load of the faces without a list that deep, at the depth asked, so a streamed source makes one pass over the
 * library for them, not a query each. A request deeper than the source's lists is left to the one-by-one path, which
 * asks the index.
 */
function prefetchBy(
  load: (faceIds: readonly string[], depth: number) => Promise<void>,
  depthOf: (faceId: string) => number,
  k: number,
): NonNullable<NeighbourFunction['prefetch']> {
  return async (faceIds, wanted) => {
    if (wanted > k) return;
    const missing = [...new Set(faceIds)].filter((f) => depthOf(f) < wanted);
    if (missing.length > 0) await load(missing, wanted);
  };
}

/**
 * Up to this many faces, index queries beat a pass over the library's embeddings when a query is itself a scan (an
 * exact index: 2-300 ms a query at 100,000 faces, a pass seconds).
 */
export const FEW_FACES = 32;

/**
 * An approximate index answers a query in about the same time at any size, while a pass grows with the library: at
 * 100,000 faces a pass that lists 16-256 faces took 1.2-1.3 s and a query 8-14 ms, so queries won up to about 120
 * faces (bench/scale/pass-or-queries.ts), one per ~830 faces of the library. One per 2,000 leaves a margin for
 * the larger libraries whose catalogs the page cache holds less of.
 */
export const LIBRARY_FACES_PER_QUERY = 2_000;

/** How many faces' lists a streamed source asks the index for, one query each, rather than making a pass. */
export function fewFaces(search: NeighbourSearchKind): number {
  return search.approximate ? Math.max(FEW_FACES, Math.floor(search.faces / LIBRARY_FACES_PER_QUERY)) : FEW_FACES;
}

/** Above this many faces, reading the pages beats looking each face up by id. */
const MANY_FACES = 50_000;

async function indexQuery(catalog: SourceCatalog, pack: string, faceId: string, k: number): Promise<Neighbour[]> {
  const embedding = (await catalog.getFaceEmbeddings([faceId])).get(faceId);
  if (!embedding) throw new Error(`clustering asked for neighbours of face ${faceId}, which has no embedding in the catalog`);
  return catalog.nearestFaces(embedding, pack, k);
}
