/**
 * Chooses the approximate index's settings on synthetic lfw-like faces. Each graph (precision, connectivity,
 * expansion_add) is built once (timed) and saved (file size); the file is then reopened with each search expansion
 * (usearch fixes it when an index is made), and for each number of candidates C the run prints recall@10 of the exact
 * re-rank of the top C against exact search, and the p50/p95 of the graph search and of the re-rank apart (the re-rank
 * here scores floats held in memory; the catalog also reads the C embeddings from SQLite, see candidate-reads.ts and query-split.ts).
 *
 * Usage: node dist/bench/scale/ann-tuning.js --lfw-catalog FILE [--faces 100000] [--graphs JSON array of
 *   {precision, connectivity, expansionAdd}] [--expansions 64,128,256,512] [--candidates 16,32,64]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { rerankExactly } from '../../src/catalog/ann/exact-rerank.js';
import { usearchIndexKind, type UsearchSettings } from '../../src/catalog/ann/usearch-index.js';
import { dot } from '../../src/domain/vector.js';
import { readLfwStatistics } from './lfw-statistics.js';
import { percentile } from './neighbour-queries.js';
import { SyntheticFaces } from './synthetic-faces.js';

const { values } = parseArgs({
  options: {
    'lfw-catalog': { type: 'string' },
    faces: { type: 'string', default: '100000' },
    graphs: { type: 'string' },
    expansions: { type: 'string', default: '64,128,256,512' },
    candidates: { type: 'string', default: '16,32,64' },
  },
});
const list = (text: string) => text.split(',').map(Number);
const stats = readLfwStatistics(values['lfw-catalog']!);
const count = Number(values.faces);
const faces = new SyntheticFaces(stats, count, 5, 1);
const vectors = new Float32Array(count * stats.dims);
for (let i = 0; i < count; i++) vectors.set(faces.embedding(i), i * stats.dims);
const row = (key: number) => vectors.subarray(key * stats.dims, (key + 1) * stats.dims);
const queries = Array.from({ length: 200 }, (_, q) => faces.query(q));
const K = 10;
const truth = queries.map((query) => {
  const best: { key: number; similarity: number }[] = [];
  for (let key = 0; key < count; key++) {
    const similarity = dot(query, row(key));
    if (best.length === K && similarity <= best[K - 1]!.similarity) continue;
    best.push({ key, similarity });
    best.sort((a, b) => b.similarity - a.similarity);
    if (best.length > K) best.pop();
  }
  return new Set(best.map((b) => b.key));
});

type Graph = Omit<UsearchSettings, 'expansionSearch'>;
const graphs: Graph[] = values.graphs
  ? (JSON.parse(values.graphs) as Graph[])
  : [
      { precision: 'f16', connectivity: 16, expansionAdd: 128 },
      { precision: 'f16', connectivity: 32, expansionAdd: 128 },
      { precision: 'f16', connectivity: 32, expansionAdd: 256 },
    ];
const dir = mkdtempSync(join(tmpdir(), 'facetag-ann-tuning-'));
try {
  console.log(`${count} faces, ${queries.length} queries; times in ms`);
  for (const graph of graphs) {
    const file = join(dir, 'index.usearch');
    const built = usearchIndexKind({ ...graph, expansionSearch: 64 }).create(stats.dims);
    const start = performance.now();
    built.add(Array.from({ length: count }, (_, i) => i), vectors);
    const buildS = (performance.now() - start) / 1000;
    built.save(file);
    const fileMb = statSync(file).size / 2 ** 20;
    console.log(`${JSON.stringify(graph)}: build ${buildS.toFixed(1)} s, file ${fileMb.toFixed(0)} MB`);
    for (const expansionSearch of list(values.expansions)) {
      const index = usearchIndexKind({ ...graph, expansionSearch }).open(file, stats.dims);
      for (const candidates of list(values.candidates)) {
        const searchMs: number[] = [];
        const rerankMs: number[] = [];
        const totalMs: number[] = [];
        let hits = 0;
        queries.forEach((query, q) => {
          const t0 = performance.now();
          const { keys } = index.search(query, candidates);
          const t1 = performance.now();
          const found = rerankExactly(query, keys.map((key) => ({ faceId: String(key), embedding: row(key) })), K);
          const t2 = performance.now();
          searchMs.push(t1 - t0);
          rerankMs.push(t2 - t1);
          totalMs.push(t2 - t0);
          hits += found.filter((n) => truth[q]!.has(Number(n.faceId))).length;
        });
        const p = (times: number[]) => `${percentile(times, 0.5).toFixed(2)}/${percentile(times, 0.95).toFixed(2)}`;
        console.log(
          `  expansion_search ${expansionSearch}, candidates ${candidates}: recall@10 ${(hits / (K * queries.length)).toFixed(3)}, ` +
            `search p50/p95 ${p(searchMs)}, re-rank ${p(rerankMs)}, both ${p(totalMs)}`,
        );
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
