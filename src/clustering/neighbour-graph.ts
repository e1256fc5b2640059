import { compareIds } from './compare-ids.js';
import type { NeighbourFunction } from './types.js';

export interface SimilarFace {
  faceId: string;
  /** Cosine similarity, 1 - distance. */
  similarity: number;
}

/** Remote indexes answer faster when a few queries are in flight; results are keyed by face, so order stays deterministic. */
const QUERIES_IN_FLIGHT = 8;

/**
 * The k nearest known faces of each face, fetched once and shared by every phase.
 * Lists hold only faces of the input (the index may know others), never the face itself,
 * most similar first with ties broken by id.
 */
export class NeighbourGraph {
  private readonly lists = new Map<string, SimilarFace[]>();
  private readonly deepLists = new Map<string, SimilarFace[]>();

  private constructor(private readonly known: ReadonlySet<string>) {}

  /**
   * Asks for each query face's neighbours once. Faces in `deeper` are asked for `deeper.k` instead (at least k)
   * in that same query: `of` still gives their first k, `deep` the whole list.
   */
  static async load(
    neighbours: NeighbourFunction,
    knownFaceIds: ReadonlySet<string>,
    queryFaceIds: readonly string[],
    k: number,
    deeper?: { faceIds: ReadonlySet<string>; k: number },
  ): Promise<NeighbourGraph> {
    const graph = new NeighbourGraph(knownFaceIds);
    await graph.add(neighbours, queryFaceIds, k, deeper);
    return graph;
  }

  /** Asks for the neighbours of faces not queried yet (as load does); faces with a list keep theirs. */
  async add(
    neighbours: NeighbourFunction,
    queryFaceIds: readonly string[],
    k: number,
    deeper?: { faceIds: ReadonlySet<string>; k: number },
  ): Promise<void> {
    const queue = [...new Set(queryFaceIds)].filter((f) => !this.lists.has(f)).sort(compareIds);
    const deepest = deeper ? Math.max(k, deeper.k) : k;
    if (queue.length > 0) await neighbours.prefetch?.(queue, deepest + 1);
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const faceId = queue[next++]!;
        const depth = deeper?.faceIds.has(faceId) ? Math.max(k, deeper.k) : k;
        // One extra, because the index usually returns the face itself first.
        const list = this.clean(faceId, await neighbours(faceId, depth + 1), depth);
        this.lists.set(faceId, depth > k ? list.slice(0, k) : list);
        if (depth > k) this.deepLists.set(faceId, list);
      }
    };
    await Promise.all(Array.from({ length: Math.min(QUERIES_IN_FLIGHT, queue.length) }, worker));
  }

  /** Nearest first, at most k; empty for a face that was not queried. */
  of(faceId: string): readonly SimilarFace[] {
    return this.lists.get(faceId) ?? [];
  }

  /** The longer list of a face asked for more than k neighbours, else the same as `of`. */
  deep(faceId: string): readonly SimilarFace[] {
    return this.deepLists.get(faceId) ?? this.of(faceId);
  }

  private clean(faceId: string, raw: readonly { faceId: string; distance: number }[], k: number): SimilarFace[] {
    const seen = new Set<string>();
    const out: SimilarFace[] = [];
    for (const n of raw) {
      if (n.faceId === faceId || !this.known.has(n.faceId) || seen.has(n.faceId)) continue;
      seen.add(n.faceId);
      out.push({ faceId: n.faceId, similarity: 1 - n.distance });
    }
    out.sort(bySimilarityThenId);
    return out.slice(0, k);
  }
}

function bySimilarityThenId(a: SimilarFace, b: SimilarFace): number {
  return b.similarity - a.similarity || compareIds(a.faceId, b.faceId);
}
