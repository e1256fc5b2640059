/**
 * Chooses the approximate index's settings on synthetic lfw-like faces: for each usearch setting, the build time and
 * the recall@10 of the exact re-rank of the top C candidates against exact search, for several C.
 *
 * Usage: node dist/bench/scale/ann-tuning.js --lfw-catalog FILE [--faces 25000] [--settings JSON array of UsearchSettings]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { usearchIndexKind, type UsearchSettings } from '../../src/catalog/ann/usearch-index.js';
import { dot } from '../../src/domain/vector.js';
import { readLfwStatistics } from './lfw-statistics.js';
import { percentile } from './neighbour-queries.js';
import { SyntheticFaces } from './synthetic-faces.js';

const { values } = parseArgs({
  options: { 'lfw-catalog': { type: 'string' }, faces: { type: 'string', default: '25000' }, settings: { type: 'string' } },
});
const stats = readLfwStatistics(values['lfw-catalog']!);
const count = Number(values.faces);
const faces = new SyntheticFaces(stats, count, 5, 1);
const vectors = new Float32Array(count * stats.dims);
for (let i = 0; i < count; i++) vectors.set(faces.embedding(i), i * stats.dims);
const queries = Array.from({ length: 100 }, (_, q) => faces.query(q));
const K = 10;
const topK = (query: Float32Array, keys: Iterable<number>) =>
  [...keys].map((key) => ({ key, similarity: dot(query, vectors.subarray(key * stats.dims, (key + 1) * stats.dims)) }))
    .sort((a, b) => b.similarity - a.similarity).slice(0, K).map((x) => x.key);
const truth = queries.map((query) => new Set(topK(query, Array.from({ length: count }, (_, i) => i))));

const grid: UsearchSettings[] = values.settings
  ? (JSON.parse(values.settings) as UsearchSettings[])
  : [
      { precision: 'i8', connectivity: 16, expansionAdd: 128, expansionSearch: 128 },
      { precision: 'f16', connectivity: 16, expansionAdd: 128, expansionSearch: 128 },
      { precision: 'f16', connectivity: 16, expansionAdd: 64, expansionSearch: 256 },
      { precision: 'f32', connectivity: 16, expansionAdd: 128, expansionSearch: 512 },
      { precision: 'f16', connectivity: 32, expansionAdd: 128, expansionSearch: 256 },
    ];
for (const settings of grid) {
  const index = usearchIndexKind(settings).create(stats.dims);
  let start = performance.now();
  index.add(Array.from({ length: count }, (_, i) => i), vectors);
  const buildS = (performance.now() - start) / 1000;
  for (const candidates of [64, 128, 256]) {
    const times: number[] = [];
    let hits = 0;
    queries.forEach((query, q) => {
      start = performance.now();
      const found = topK(query, index.search(query, candidates).keys);
      times.push(performance.now() - start);
      hits += found.filter((key) => truth[q]!.has(key)).length;
    });
    console.log(
      `${JSON.stringify(settings)} build ${buildS.toFixed(1)} s, candidates ${candidates}: recall@10 ${(hits / (K * queries.length)).toFixed(3)}, ` +
        `query+rerank p50 ${percentile(times, 0.5).toFixed(2)} ms p95 ${percentile(times, 0.95).toFixed(2)} ms`,
    );
  }
}
