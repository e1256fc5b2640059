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

  private constructor(private readonly known: ReadonlySet<string>) {}

  static async load(
    neighbours: NeighbourFunction,
    knownFaceIds: ReadonlySet<string>,
    queryFaceIds: readonly string[],
    k: number,
  ): Promise<NeighbourGraph> {
    const graph = new NeighbourGraph(knownFaceIds);
    const queue = [...queryFaceIds].sort(compareIds);
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const faceId = queue[next++]!;
        // One extra, because the index usually returns the face itself first.
        graph.lists.set(faceId, graph.clean(faceId, await neighbours(faceId, k + 1), k));
      }
    };
    await Promise.all(Array.from({ length: Math.min(QUERIES_IN_FLIGHT, queue.length) }, worker));
    return graph;
  }

  /** Nearest first; empty for a face that was not queried. */
  of(faceId: string): readonly SimilarFace[] {
    return this.lists.get(faceId) ?? [];
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
