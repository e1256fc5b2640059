import type { Neighbour } from '../catalog/catalog.js';
import { exactKnn } from '../models/knn/exact-knn.js';

/** Faces with their embeddings stacked row-major (a catalog's EmbeddingPage has this shape). */
export interface EmbeddingBlock {
  faceIds: readonly string[];
  embeddings: Float32Array;
  /** 0 for an empty block. */
  dimensions: number;
}

/** The library's embeddings block by block, in the same order on every call. */
export type LibraryBlocks = () => AsyncIterable<EmbeddingBlock>;

/**
 * The exact k nearest library faces of each query face (itself included, as from an index), by a blocked matrix
 * product: each block of queries against the library's blocks one at a time, each block's best merged into a running
 * top-k. Only one query block and one library block of embeddings are in memory; the lists are kept as typed arrays
 * (8 bytes a neighbour) and made into objects when asked for. The library is read once per query block.
 */
export async function streamedNeighbours(queries: AsyncIterable<EmbeddingBlock>, library: LibraryBlocks, k: number): Promise<NeighbourLists> {
  const libraryIds: string[] = [];
  const lists = new NeighbourLists(libraryIds, k);
  for await (const query of queries) {
    if (query.faceIds.length === 0) continue;
    const best = new RunningTopK(query.faceIds.length, k);
    let start = 0;
    for await (const block of library()) {
      if (block.faceIds.length === 0) continue;
      if (block.dimensions !== query.dimensions) throw new Error(`library embeddings have ${block.dimensions} values, the faces asked about ${query.dimensions}`);
      // Positions are fixed by the first pass; every later pass reads the same blocks in the same order.
      if (libraryIds.length === start) libraryIds.push(...block.faceIds);
      const result = await exactKnn(query.embeddings, block.embeddings, block.dimensions, k);
      best.merge(result.indices, result.similarities, result.k, start);
      start += block.faceIds.length;
    }
    query.faceIds.forEach((id, q) => lists.set(id, best.indices.subarray(q * k, (q + 1) * k), best.similarities.subarray(q * k, (q + 1) * k)));
  }
  return lists;
}

/** Neighbour lists of many faces as typed arrays: library positions and similarities, best first. */
export class NeighbourLists {
  private readonly rows = new Map<string, { indices: Int32Array; similarities: Float32Array }>();

  constructor(
    private readonly libraryIds: readonly string[],
    /** The longest list kept; shorter when the library is smaller. */
    readonly k: number,
  ) {}

  set(faceId: string, indices: Int32Array, similarities: Float32Array): void {
    this.rows.set(faceId, { indices, similarities });
  }

  has(faceId: string): boolean {
    return this.rows.has(faceId);
  }

  /** The first `wanted` neighbours (at most k), or undefined for a face without a list. */
  get(faceId: string, wanted = this.k): Neighbour[] | undefined {
    const row = this.rows.get(faceId);
    if (!row) return undefined;
    const out: Neighbour[] = [];
    for (let j = 0; j < Math.min(wanted, this.k) && row.indices[j]! >= 0; j++) {
      out.push({ faceId: this.libraryIds[row.indices[j]!]!, distance: 1 - row.similarities[j]! });
    }
    return out;
  }

  /** Whether the lists hold every library face (then a longer request has nothing more to find). */
  get complete(): boolean {
    return this.libraryIds.length <= this.k;
  }
}

/** Each query's k best so far; a block's lists merge in by a two-way merge of sorted lists. */
class RunningTopK {
  readonly indices: Int32Array;
  readonly similarities: Float32Array;

  constructor(
    private readonly queries: number,
    private readonly k: number,
  ) {
    this.indices = new Int32Array(queries * k).fill(-1);
    this.similarities = new Float32Array(queries * k).fill(-Infinity);
  }

  /** Block rows are library positions counted from `offset`; on equal similarity the earlier position stays first. */
  merge(blockIndices: Int32Array, blockSimilarities: Float32Array, blockK: number, offset: number): void {
    const mergedIndices = new Int32Array(this.k);
    const mergedSimilarities = new Float32Array(this.k);
    for (let q = 0; q < this.queries; q++) {
      const base = q * this.k;
      let a = 0;
      let b = 0;
      for (let j = 0; j < this.k; j++) {
        if (b < blockK && blockSimilarities[q * blockK + b]! > this.similarities[base + a]!) {
          mergedIndices[j] = offset + blockIndices[q * blockK + b]!;
          mergedSimilarities[j] = blockSimilarities[q * blockK + b++]!;
        } else {
          mergedIndices[j] = this.indices[base + a]!;
          mergedSimilarities[j] = this.similarities[base + a++]!;
        }
      }
      this.indices.set(mergedIndices, base);
      this.similarities.set(mergedSimilarities, base);
    }
  }
}
