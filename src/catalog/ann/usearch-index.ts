import { existsSync } from 'node:fs';
import usearch, { type Index as UsearchNativeIndex, type ScalarKind } from 'usearch';
import { l2Normalize } from '../../domain/vector.js';
import type { ApproximateIndex, ApproximateIndexKind } from './approximate-index.js';

/**
 * HNSW graph settings, chosen with bench/scale/ann-tuning.ts on synthetic lfw-like faces (recall@10 of the exact
 * re-rank against exact search): dense people of hundreds of near-identical faces defeat a sparse graph. At 25,000
 * faces connectivity 16 with search expansion 128 found 0.915 (f16; i8 0.897), 32/256 0.990. At 100,000 faces
 * (docs/accuracy.md, issue 16, machine loaded): connectivity 16 reaches 0.956 at expansion 512 and 0.977 at 1024;
 * connectivity 32 0.969 at 256, 0.985 at 512, 0.994 at 1024, the only setting measured at 0.99 or more. Its search
 * costs about twice that of 512 (p50 34 vs 13 ms loaded, 18.5 vs 11.9 ms quiet); the index answers the few faces of
 * small scans and neighbour lookups, whose run costs far more elsewhere, so recall wins. f16 storage halves the memory
 * of f32 and lost nothing measurable against it; i8 lost about 0.02 of recall.
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
   * Threads that insert a batch; 0 is every core. One by default: with several, the graph varies with thread timing
   * and now and then leaves a face no search reaches (/tmp probe, 80 random faces built 300 times, every face asked
   * for: 9-15 builds missed 1-3 faces with every core inserting, none with one thread; a catalog test saw the same).
   */
  addThreads?: number;
}

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
  const addThreads = settings.addThreads ?? 1;
  const make = (dimensions: number) =>
    new usearch.Index({
      dimensions,
      metric: usearch.MetricKind.Cos,
      quantization: precision as ScalarKind,
      connectivity: settings.connectivity,
      expansion_add: settings.expansionAdd,
      expansion_search: settings.expansionSearch,
      multi: false,
    });
  return {
    extension: `usearch-${precision}`,
    create: (dimensions) => new UsearchIndex(make(dimensions), dimensions, addThreads),
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
      return new UsearchIndex(index, dimensions, addThreads);
    },
  };
}

class UsearchIndex implements ApproximateIndex {
  constructor(
    private readonly index: UsearchNativeIndex,
    readonly dimensions: number,
    private readonly addThreads: number,
  ) {}

  size(): number {
    return Number(this.index.size());
  }

  contains(key: number): boolean {
    return this.index.contains(BigInt(key)) as boolean;
  }

  add(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    if (vectors.length !== keys.length * this.dimensions) {
      throw new Error(`approximate index: ${keys.length} keys need ${keys.length * this.dimensions} floats, got ${vectors.length}`);
    }
    const normalised = new Float32Array(vectors.length);
    for (let row = 0; row < keys.length; row++) {
      normalised.set(l2Normalize(vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions)), row * this.dimensions);
    }
    this.index.add(BigUint64Array.from(keys, (key) => BigInt(key)), normalised, this.addThreads);
  }

  remove(keys: readonly number[]): void {
    for (const key of keys) this.index.remove(BigInt(key));
  }

  search(vector: Float32Array, k: number): { keys: number[]; distances: number[] } {
    if (k === 0 || this.size() === 0) return { keys: [], distances: [] };
    const found = this.index.search(l2Normalize(vector), Math.min(k, this.size()), 1);
    return { keys: Array.from(found.keys, (key) => Number(key)), distances: Array.from(found.distances) };
  }

  save(file: string): void {
    this.index.save(file);
  }
}
