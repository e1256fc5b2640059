import usearch, { type BatchMatches, type Index as UsearchNativeIndex, type Matches } from 'usearch';

/**
 * An HNSW graph leaves some faces that no search reaches: a face far from all others (a singleton) links to its
 * nearest faces, but their neighbour lists keep closer faces and drop the link back to it, so nothing leads to it
 * (41 of 20,000 lfw-like faces built on one thread, 45 on two, not found by a search for their own vector even with
 * a search expansion of 20,000; 1,629 of 100,000 missed at expansion 1024, bench/scale/ann-build.ts). Inserting on
 * several threads adds more now and then (usearch issue 735). Inserting such a face again does not help (the same
 * lists drop it again: 37 of 116 re-inserted faces stayed unreachable), so the index keeps these faces apart and
 * scores them exactly with every query (usearch's exact search: 1.7 ms p50 over 16,000 faces, loaded machine).
 */
export interface ReachabilitySearch {
  dimensions: number;
  /** Threads of the batch search: the inserting threads, for which the index holds search contexts. */
  threads: number;
  /** Candidates of the search for each face's own vector (usearch searches with at least as many as it is asked for). */
  screenExpansion: number;
}

/**
 * The rows of `vectors` (unit vectors under `keys`) that a search for their own vector with a small expansion does not
 * find. A face it misses may still be reachable with the full expansion, but checking that costs a full search each
 * (thousands at a million faces) while keeping a reachable face apart only costs its exact score per query, so every
 * face missed here is kept apart. Expansion 16 on 20,000 lfw-like faces: 85 missed against 66 at 32 (true orphans
 * 41-45), in 72 % of the time (bench/scale/ann-build.ts measures it at 100,000).
 */
export function unreachableRows(index: UsearchNativeIndex, keys: BigUint64Array, vectors: Float32Array, search: ReachabilitySearch): number[] {
  const size = Number(index.size());
  if (keys.length === 0 || size === 0) return [];
  const screened = searchRows(index, vectors, keys.length, Math.min(search.screenExpansion, size), search.threads);
  const missed: number[] = [];
  for (let i = 0; i < keys.length; i++) if (!screened(i).includes(keys[i]!)) missed.push(i);
  return missed;
}

/** One batch search of `count` rows; the keys found for row i. usearch answers a single row without a batch. */
function searchRows(index: UsearchNativeIndex, vectors: Float32Array, count: number, wanted: number, threads: number) {
  if (count === 1) {
    const single = index.search(vectors, wanted, threads);
    return () => single.keys;
  }
  const batch = index.search(vectors, wanted, threads) as unknown as BatchMatches;
  return (i: number) => batch.keys.subarray(i * wanted, i * wanted + Number(batch.counts[i]));
}

/** Faces kept apart from the graph (unit vectors), scored exactly: usearch's exact search over them, nearest first. */
export class ExactlySearchedFaces {
  private readonly vectors = new Map<number, Float32Array>();
  private flat: { keys: number[]; matrix: Float32Array } | null = null;

  constructor(private readonly dimensions: number) {}

  get size(): number {
    return this.vectors.size;
  }

  keys(): number[] {
    return [...this.vectors.keys()];
  }

  set(key: number, unit: Float32Array): void {
    this.vectors.set(key, unit);
    this.flat = null;
  }

  delete(key: number): void {
    if (this.vectors.delete(key)) this.flat = null;
  }

  search(unitQuery: Float32Array, k: number): { keys: number[]; distances: number[] } {
    if (this.vectors.size === 0 || k === 0) return { keys: [], distances: [] };
    if (!this.flat) {
      const keys = [...this.vectors.keys()];
      const matrix = new Float32Array(keys.length * this.dimensions);
      keys.forEach((key, i) => matrix.set(this.vectors.get(key)!, i * this.dimensions));
      this.flat = { keys, matrix };
    }
    const { keys, matrix } = this.flat;
    const found = usearch.exactSearch(matrix, unitQuery, this.dimensions, Math.min(k, keys.length), usearch.MetricKind.Cos, 1) as Matches;
    return { keys: Array.from(found.keys, (row) => keys[Number(row)]!), distances: Array.from(found.distances) };
  }
}
