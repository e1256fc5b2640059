/** Neighbour query timing and recall@K against exact, shared by the before and after rows of the scale benchmark. */
import { performance } from 'node:perf_hooks';
import type { Catalog, Neighbour } from '../../src/catalog/catalog.js';
import { faceIdAt } from './store-synthetic.js';
import type { SyntheticFaces } from './synthetic-faces.js';

export const K = 10;
export const QUERIES = 100;
export const WARM_UP = 3;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** The exact K nearest stored faces of every query, by one streamed pass over the generator (nothing held). */
export function exactNeighbours(faces: SyntheticFaces, pack: string, queries: Float32Array[]): Set<string>[] {
  const best = queries.map(() => [] as { position: number; similarity: number }[]);
  for (let position = 0; position < faces.faces; position++) {
    const e = faces.embedding(position);
    queries.forEach((query, q) => {
      let similarity = 0;
      for (let i = 0; i < e.length; i++) similarity += query[i]! * e[i]!;
      const list = best[q]!;
      if (list.length === K && similarity <= list[K - 1]!.similarity) return;
      list.push({ position, similarity });
      list.sort((a, b) => b.similarity - a.similarity);
      if (list.length > K) list.pop();
    });
  }
  return best.map((list) => new Set(list.map(({ position }) => faceIdAt(faces, position, pack))));
}

/** QUERIES neighbour queries of new photos of stored people (after a few warm-up ones): latency and recall@K. */
export async function measureQueries(
  catalog: Catalog,
  faces: SyntheticFaces,
  pack: string,
): Promise<{ p50Ms: number; p95Ms: number; recallAtK: number }> {
  const queries = Array.from({ length: QUERIES + WARM_UP }, (_, q) => faces.query(q));
  const times: number[] = [];
  const answers: Neighbour[][] = [];
  for (const [q, query] of queries.entries()) {
    const start = performance.now();
    const neighbours = await catalog.nearestFaces(query, pack, K);
    if (q < WARM_UP) continue;
    times.push(performance.now() - start);
    answers.push(neighbours);
  }
  const truth = exactNeighbours(faces, pack, queries.slice(WARM_UP));
  const hits = answers.reduce((n, list, q) => n + list.filter((nb) => truth[q]!.has(nb.faceId)).length, 0);
  return { p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), recallAtK: hits / (QUERIES * K) };
}
