import type { Neighbour } from '../catalog/catalog.js';
import type { Embedding } from '../domain/types.js';
import { exactKnn } from '../models/knn/exact-knn.js';

/** Reads the embeddings of some faces (the catalog's getFaceEmbeddings); faces it does not return are skipped. */
export type EmbeddingReader = (faceIds: readonly string[]) => Promise<ReadonlyMap<string, Embedding>>;

/**
 * Library faces read and compared per block: 32,768 x 512 float32 is 64 MB, plus its transposed copy and the
 * similarity block of the queries against it, so memory stays bounded whatever the library's size.
 */
export const LIBRARY_BLOCK = 32_768;
/** Query faces held at once (their embeddings and running top-k lists). */
export const QUERY_BLOCK = 16_384;

/**
 * The exact k nearest library faces of each query face (itself included, as from an index), by a blocked matrix
 * product: query blocks against library blocks read from the catalog one at a time, each block's best merged into a
 * running top-k. Only one library block and one query block of embeddings are in memory; the lists are kept as typed
 * arrays (8 bytes a neighbour) and made into objects when asked for.
 */
export async function streamedNeighbours(
  queryIds: readonly string[],
  libraryIds: readonly string[],
  read: EmbeddingReader,
  k: number,
  blocks: { library?: number; query?: number } = {},
): Promise<NeighbourLists> {
  const kk = Math.min(k, libraryIds.length);
  const lists = new NeighbourLists(libraryIds, kk);
  const queryBlock = blocks.query ?? QUERY_BLOCK;
  const libraryBlock = blocks.library ?? LIBRARY_BLOCK;
  for (let q0 = 0; q0 < queryIds.length; q0 += queryBlock) {
    const ids = queryIds.slice(q0, q0 + queryBlock);
    const found = await read(ids);
    const present = ids.filter((id) => found.has(id));
    if (present.length === 0) continue;
    const dims = found.get(present[0]!)!.length;
    const queries = stack(present, found, dims);
    const best = new RunningTopK(present.length, kk);
    for (let l0 = 0; l0 < libraryIds.length; l0 += libraryBlock) {
      const blockIds = libraryIds.slice(l0, l0 + libraryBlock);
      const embeddings = await read(blockIds);
      const rows = blockIds.flatMap((id, i) => (embeddings.has(id) ? [i] : []));
      const database = stack(rows.map((i) => blockIds[i]!), embeddings, dims);
      const result = await exactKnn(queries, database, dims, kk);
      best.merge(result.indices, result.similarities, result.k, (row) => l0 + rows[row]!);
    }
    present.forEach((id, q) => lists.set(id, best.indices.subarray(q * kk, (q + 1) * kk), best.similarities.subarray(q * kk, (q + 1) * kk)));
  }
  return lists;
}

/** Neighbour lists of many faces as typed arrays: library positions and similarities, best first. */
export class NeighbourLists {
  private readonly rows = new Map<string, { indices: Int32Array; similarities: Float32Array }>();

  constructor(
    private readonly libraryIds: readonly string[],
    /** The length of every list (k, or the library's size when smaller). */
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
    for (let j = 0; j < Math.min(wanted, this.k); j++) {
      if (row.indices[j]! < 0) break;
      out.push({ faceId: this.libraryIds[row.indices[j]!]!, distance: 1 - row.similarities[j]! });
    }
    return out;
  }

  /** Whether every library face fits in a list (then a longer request has nothing more to find). */
  get complete(): boolean {
    return this.k === this.libraryIds.length;
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

  merge(blockIndices: Int32Array, blockSimilarities: Float32Array, blockK: number, toLibrary: (row: number) => number): void {
    const mergedIndices = new Int32Array(this.k);
    const mergedSimilarities = new Float32Array(this.k);
    for (let q = 0; q < this.queries; q++) {
      const base = q * this.k;
      let a = 0;
      let b = 0;
      for (let j = 0; j < this.k; j++) {
        const fromBlock = b < blockK && blockSimilarities[q * blockK + b]! > this.similarities[base + a]!;
        if (fromBlock) {
          mergedIndices[j] = toLibrary(blockIndices[q * blockK + b]!);
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

function stack(ids: readonly string[], embeddings: ReadonlyMap<string, Embedding>, dims: number): Float32Array {
  const out = new Float32Array(ids.length * dims);
  ids.forEach((id, i) => out.set(embeddings.get(id)!, i * dims));
  return out;
}
