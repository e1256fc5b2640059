import type { FaceCatalog, Neighbour } from '../catalog/catalog.js';
import { blocksById, catalogBlocks, keepOnly } from './embedding-blocks.js';
import { type NeighbourLists, streamedNeighbours } from './streamed-neighbours.js';
import type { NeighbourFunction } from './types.js';

/**
 * Neighbour lists computed ahead for the faces a run judges, then served to the planner; a request for more than was
 * computed goes to the catalog's index, so results never silently shrink.
 */
export interface NeighbourSource {
  /** Computes and keeps the lists of these faces (k long). */
  load(faceIds: readonly string[]): Promise<void>;
  /** A kept list, nearest first, possibly holding the face itself; undefined for a face not loaded. */
  list(faceId: string): readonly Neighbour[] | undefined;
  /** What the planner asks. */
  readonly neighbours: NeighbourFunction;
}

type SourceCatalog = Pick<FaceCatalog, 'getFaceEmbeddings' | 'nearestFaces' | 'embeddingPage'>;

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
  const list = (faceId: string, wanted = k) => {
    const asked = few.list(faceId);
    if (asked) return { found: asked.slice(0, wanted), complete: false };
    for (const lists of computed) if (lists.has(faceId)) return { found: lists.get(faceId, wanted)!, complete: lists.complete };
    return undefined;
  };
  const load = async (faceIds: readonly string[]) => {
    if (faceIds.length <= FEW_FACES) return few.load(faceIds);
    const queries = faceIds.length > MANY_FACES ? keepOnly(library(), new Set(faceIds)) : blocksById(catalog, faceIds);
    computed.push(await streamedNeighbours(queries, library, k));
  };
  const neighbours: NeighbourFunction = async (faceId, wanted) => {
    const kept = list(faceId, wanted);
    if (kept && (wanted <= k || kept.complete)) return kept.found;
    return indexQuery(catalog, pack, faceId, wanted);
  };
  neighbours.prefetch = prefetchBy(load, (faceId) => list(faceId) !== undefined, k);
  return { load, list: (faceId) => list(faceId)?.found, neighbours };
}

/** Lists from the catalog's index, one query per face, kept for the run (remote catalogs, whose index is the fast path). */
export function indexSource(catalog: SourceCatalog, pack: string, k: number): NeighbourSource {
  const kept = new Map<string, Neighbour[]>();
  const load = async (faceIds: readonly string[]) => {
    for (const faceId of faceIds) kept.set(faceId, await indexQuery(catalog, pack, faceId, k));
  };
  const neighbours: NeighbourFunction = async (faceId, wanted) => {
    const list = kept.get(faceId);
    return list && wanted <= k ? list.slice(0, wanted) : indexQuery(catalog, pack, faceId, wanted);
  };
  neighbours.prefetch = prefetchBy(load, (faceId) => kept.has(faceId), k);
  return { load, list: (faceId) => kept.get(faceId), neighbours };
}

/**
 * The planner's batch request (neighbour-graph.ts: e.g. the faces of earlier people sampled for their radius) served by
 * one load of the faces without a list, so a streamed source makes one pass over the library for them, not a query each.
 * A request deeper than the source's lists is left to the one-by-one path, which asks the index.
 */
function prefetchBy(load: (faceIds: readonly string[]) => Promise<void>, listed: (faceId: string) => boolean, k: number): NonNullable<NeighbourFunction['prefetch']> {
  return async (faceIds, wanted) => {
    if (wanted > k) return;
    const missing = [...new Set(faceIds)].filter((f) => !listed(f));
    if (missing.length > 0) await load(missing);
  };
}

/**
 * Up to this many faces, index queries beat a pass over the library's embeddings (one query costs 2-300 ms on an exact
 * index of 100,000 faces, a pass seconds; an approximate index answers in milliseconds).
 */
export const FEW_FACES = 32;

/** Above this many faces, reading the pages beats looking each face up by id. */
const MANY_FACES = 50_000;

async function indexQuery(catalog: SourceCatalog, pack: string, faceId: string, k: number): Promise<Neighbour[]> {
  const embedding = (await catalog.getFaceEmbeddings([faceId])).get(faceId);
  if (!embedding) throw new Error(`clustering asked for neighbours of face ${faceId}, which has no embedding in the catalog`);
  return catalog.nearestFaces(embedding, pack, k);
}
