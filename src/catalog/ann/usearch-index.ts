import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import usearch, { type Index as UsearchNativeIndex, type ScalarKind } from 'usearch';
import { l2Normalize } from '../../domain/vector.js';
import type { ApproximateIndex, ApproximateIndexKind } from './approximate-index.js';
import { ExactlySearchedFaces, type ReachabilitySearch, unreachableRows } from './usearch-reachability.js';

/**
 * HNSW graph settings, chosen with bench/scale/ann-tuning.ts on synthetic lfw-like faces (recall@10 of the exact
 * re-rank against exact search): dense people of hundreds of near-identical faces defeat a sparse graph. At 25,000
 * faces connectivity 16 with search expansion 128 found 0.915 (f16; i8 0.897), 32/256 0.990. At 100,000 faces
 * (docs/accuracy.md, issue 16, machine loaded): connectivity 16 reaches 0.956 at expansion 512 and 0.977 at 1024;
 * connectivity 32 0.969 at 256, 0.985 at 512, 0.994 at 1024, the only setting measured at 0.99 or more. Its search
 * costs about twice that of 512 (p50 34 vs 13 ms loaded, 18.5 vs 11.9 ms quiet); the index answers the few faces of
 * small scans and neighbour lookups, whose run costs far more elsewhere, so recall wins. f16 storage halves the memory
 * of f32 and lost nothing measurable against it; i8 lost about 0.02 of recall at 25,000 faces, and at 100,000 with
 * these settings (bench/scale/ann-build.ts) found 0.988 against f16's 0.993, for 197 MB in memory against 271 MB.
 */
const CONNECTIVITY = 32;
const EXPANSION_ADD = 128;
const EXPANSION_SEARCH = 1024;

export interface UsearchSettings {
  precision: 'f32' | 'f16' | 'i8';
  connectivity: number;
  expansionAdd: number;
  expansionSearch: number;
  /**
   * Threads that insert a batch; 0 is every core, 1 the default. With several, the graph varies with thread timing
   * and now and then leaves a face no search reaches (usearch issue 735; /tmp probe, 80 random faces built 300 times:
   * 6-15 builds missed 1-3 faces). One thread leaves such faces too on face-like data (outliers), so every build is
   * checked face by face either way and the faces missed are searched exactly (usearch-reachability.ts). One thread is
   * the default because a build is then a function of its faces (the same library gives the same index, and so the
   * same neighbours and clustering, on every machine and run), and because two threads, 1.3-1.4x faster than one
   * beside one other process at 20,000 lfw-like faces, were 1.85x slower at 100,000 on a machine loaded 5-9
   * (usearch's node locks spin): docs/accuracy.md, issue 16.
   */
  addThreads?: number;
}

/**
 * The index is made with this search expansion, the cheap one its reachability check searches with; queries ask
 * usearch for `expansionSearch` results instead (it searches with the larger of its expansion and the count asked
 * for, so a query walks the graph exactly as an index made with expansionSearch would) and keep the first k.
 */
const SCREEN_EXPANSION = 16;

export const DEFAULT_USEARCH: UsearchSettings = {
  precision: 'f16',
  connectivity: CONNECTIVITY,
  expansionAdd: EXPANSION_ADD,
  expansionSearch: EXPANSION_SEARCH,
  addThreads: 1,
};

/** usearch (HNSW, prebuilt native binary). Vectors are normalised first: cosine ignores length, i8 storage does not. */
export function usearchIndexKind(settings: UsearchSettings = DEFAULT_USEARCH): ApproximateIndexKind {
  const { precision } = settings;
  const addThreads = settings.addThreads ?? DEFAULT_USEARCH.addThreads!;
  const threads = addThreads === 0 ? Math.max(1, availableParallelism()) : addThreads;
  const search = { threads, screenExpansion: SCREEN_EXPANSION, searchExpansion: settings.expansionSearch };
  const make = (dimensions: number) =>
    new usearch.Index({
      dimensions,
      metric: usearch.MetricKind.Cos,
      quantization: precision as ScalarKind,
      connectivity: settings.connectivity,
      expansion_add: settings.expansionAdd,
      expansion_search: SCREEN_EXPANSION,
      multi: false,
    });
  return {
    extension: `usearch-${precision}`,
    create: (dimensions) => new UsearchIndex(make(dimensions), { ...search, dimensions }),
    open(file, dimensions) {
      // usearch reports a missing file as a bare "No such file or directory".
      if (!existsSync(file)) throw new Error(`approximate index ${file}: no such file`);
      const index = make(dimensions);
      try {
        index.load(file);
      } catch (error) {
        throw new Error(`approximate index ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (Number(index.dimensions()) !== dimensions) {
        throw new Error(`approximate index ${file}: holds ${index.dimensions()}-dimensional vectors, expected ${dimensions}`);
      }
      return new UsearchIndex(index, { ...search, dimensions });
    },
  };
}

class UsearchIndex implements ApproximateIndex {
  readonly dimensions: number;
  private readonly apart: ExactlySearchedFaces;

  constructor(
    private readonly index: UsearchNativeIndex,
    private readonly settings: ReachabilitySearch & { searchExpansion: number },
  ) {
    this.dimensions = settings.dimensions;
    this.apart = new ExactlySearchedFaces(settings.dimensions);
  }

  size(): number {
    return Number(this.index.size());
  }

  contains(key: number): boolean {
    return this.index.contains(BigInt(key)) as boolean;
  }

  add(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    this.index.add(BigUint64Array.from(keys, (key) => BigInt(key)), this.normalised(keys, vectors), this.settings.threads);
  }

  keepReachable(keys: readonly number[], vectors: Float32Array): number {
    const unit = this.normalised(keys, vectors);
    const missed = unreachableRows(this.index, BigUint64Array.from(keys, (key) => BigInt(key)), unit, this.settings);
    for (const row of missed) this.apart.set(keys[row]!, unit.slice(row * this.dimensions, (row + 1) * this.dimensions));
    return missed.length;
  }

  unreachable(): number[] {
    return this.apart.keys();
  }

  keepApart(keys: readonly number[], vectors: Float32Array): void {
    const unit = this.normalised(keys, vectors);
    keys.forEach((key, row) => {
      if (this.contains(key)) this.apart.set(key, unit.slice(row * this.dimensions, (row + 1) * this.dimensions));
    });
  }

  remove(keys: readonly number[]): void {
    for (const key of keys) {
      this.index.remove(BigInt(key));
      this.apart.delete(key);
    }
  }

  search(vector: Float32Array, k: number): { keys: number[]; distances: number[] } {
    if (k === 0 || this.size() === 0) return { keys: [], distances: [] };
    const unit = l2Normalize(vector);
    const found = this.index.search(unit, Math.min(Math.max(k, this.settings.searchExpansion), this.size()), 1);
    const graph = Array.from(found.keys.subarray(0, k), (key, i) => ({ key: Number(key), distance: found.distances[i]! }));
    const apart = this.apart.search(unit, k);
    // A face kept apart is also in the graph, which may find it too: the graph's match is kept.
    const seen = new Set(graph.map((match) => match.key));
    const merged = [...graph, ...apart.keys.flatMap((key, i) => (seen.has(key) ? [] : [{ key, distance: apart.distances[i]! }]))]
      .sort((a, b) => a.distance - b.distance)
      .slice(0, k);
    return { keys: merged.map((m) => m.key), distances: merged.map((m) => m.distance) };
  }

  save(file: string): void {
    this.index.save(file);
  }

  private normalised(keys: readonly number[], vectors: Float32Array): Float32Array {
    if (vectors.length !== keys.length * this.dimensions) {
      throw new Error(`approximate index: ${keys.length} keys need ${keys.length * this.dimensions} floats, got ${vectors.length}`);
    }
    const normalised = new Float32Array(vectors.length);
    for (let row = 0; row < keys.length; row++) {
      normalised.set(l2Normalize(vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions)), row * this.dimensions);
    }
    return normalised;
  }
}
