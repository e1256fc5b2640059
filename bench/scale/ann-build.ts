/**
 * Building the approximate index (issue 16): the build time and memory of one setting, on synthetic lfw-like faces,
 * in batches of the catalog's size as the catalog's rebuild does it; then its reachability check (every face searched
 * for its own vector, the ones missed kept apart and searched exactly), timed; then an audit of the saved file on a
 * copy (how many faces its graph does not reach at a wider expansion) and that the built index finds each of them
 * (its full search with the faces kept apart); then recall@10 of the
 * exact re-rank against exact search and the memory of opening the file (loaded into memory or viewed, i.e.
 * memory-mapped; the graph alone). One setting per process, so each peak RSS is its own; run it once per setting
 * and compare the lines (e.g. threads 1 and 2 one after the other).
 *
 * Usage: node dist/bench/scale/ann-build.js --lfw-catalog FILE [--faces 100000] [--threads 1] [--precision f16]
 *   [--open load|view]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import usearch, { type ScalarKind } from 'usearch';
import { candidateCount, rerankExactly } from '../../src/catalog/ann/exact-rerank.js';
import { DEFAULT_USEARCH, usearchIndexKind, type UsearchSettings } from '../../src/catalog/ann/usearch-index.js';
import { unreachableRows } from '../../src/catalog/ann/usearch-reachability.js';
import { STREAM_BATCH } from '../../src/catalog/sqlite/face-vector-log.js';
import { dot, l2Normalize } from '../../src/domain/vector.js';
import { readLfwStatistics } from './lfw-statistics.js';
import { percentile } from './neighbour-queries.js';
import { SyntheticFaces } from './synthetic-faces.js';

const { values } = parseArgs({
  options: {
    'lfw-catalog': { type: 'string', default: process.env.FACETAG_LFW_CATALOG },
    faces: { type: 'string', default: '100000' },
    threads: { type: 'string', default: '1' },
    precision: { type: 'string', default: DEFAULT_USEARCH.precision },
    open: { type: 'string', default: 'load' },
  },
});
if (!values['lfw-catalog']) throw new Error('say where the lfw/ catalog is: --lfw-catalog FILE (see bench/scale-bench.ts)');
if (values.open !== 'load' && values.open !== 'view') throw new Error(`--open takes load or view, got ${values.open}`);
const stats = readLfwStatistics(values['lfw-catalog']);
const count = Number(values.faces);
const settings: UsearchSettings = { ...DEFAULT_USEARCH, precision: values.precision as UsearchSettings['precision'], addThreads: Number(values.threads) };
const faces = new SyntheticFaces(stats, count, 5, 1);
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
/** Wider than the check's, so the audit also sees faces the check found only by luck; a search at 1024 each costs too much. */
const AUDIT_EXPANSION = 64;

const dir = mkdtempSync(join(tmpdir(), 'facetag-ann-build-'));
const file = join(dir, 'index.usearch');

try {
  // The build, as the catalog's rebuild does it: batches of STREAM_BATCH faces, generated as they are read.
  const rssBefore = rssMb();
  const built = usearchIndexKind(settings).create(stats.dims);
  let start = performance.now();
  for (const batch of batches()) built.add(batch.keys, batch.vectors);
  const buildS = (performance.now() - start) / 1000;
  start = performance.now();
  let apart = 0;
  // Every face searched for its own vector; the ones missed are kept apart (searched exactly).
  for (const batch of batches()) apart += built.keepReachable(batch.keys, batch.vectors);
  const checkS = (performance.now() - start) / 1000;
  const buildRssMb = rssMb() - rssBefore;
  built.save(file);
  console.log(
    `${count} faces, ${settings.precision}, ${settings.addThreads} inserting thread(s): build ${buildS.toFixed(1)} s ` +
      `(${(count / buildS).toFixed(0)} faces/s), reachability check ${checkS.toFixed(1)} s: ${apart} kept apart; ` +
      `index ${buildRssMb.toFixed(0)} MB in memory, file ${(statSync(file).size / 2 ** 20).toFixed(0)} MB; peak RSS ${peakRssMb().toFixed(0)} MB`,
  );
  const missed = auditGraph();
  const stillMissed = missed.filter((key) => !built.search(faces.embedding(key), 1).keys.includes(key));
  console.log(
    `  audit: ${missed.length} faces the saved graph does not reach at search expansion ${AUDIT_EXPANSION}; ` +
      `${stillMissed.length} of them missed by the built index (with the faces kept apart)`,
  );
  console.log(`  ${openAndQuery()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function* batches(): Generator<{ keys: number[]; vectors: Float32Array }> {
  for (let first = 0; first < count; first += STREAM_BATCH) {
    const keys = Array.from({ length: Math.min(STREAM_BATCH, count - first) }, (_, i) => first + i);
    const vectors = new Float32Array(keys.length * stats.dims);
    keys.forEach((key, i) => vectors.set(l2Normalize(faces.embedding(key)), i * stats.dims));
    yield { keys, vectors };
  }
}

/** Faces of the saved file that a search for their own vector misses, on a copy of it. */
function auditGraph(): number[] {
  const copy = nativeIndex('load', AUDIT_EXPANSION);
  const search = { dimensions: stats.dims, threads: 1, screenExpansion: AUDIT_EXPANSION };
  const missed: number[] = [];
  for (const { keys, vectors } of batches()) {
    missed.push(...unreachableRows(copy, BigUint64Array.from(keys, BigInt), vectors, search).map((row) => keys[row]!));
  }
  return missed;
}

function nativeIndex(mode: 'load' | 'view', expansionSearch = settings.expansionSearch) {
  const index = new usearch.Index({
    dimensions: stats.dims,
    metric: usearch.MetricKind.Cos,
    quantization: settings.precision as ScalarKind,
    connectivity: settings.connectivity,
    expansion_add: settings.expansionAdd,
    expansion_search: expansionSearch,
    multi: false,
  });
  index[mode](file);
  return index;
}

/** Opens the saved file as --open says; 200 queries of new photos of stored people: latency, recall@10, memory. */
function openAndQuery(): string {
  const rssBefore = rssMb();
  const index = nativeIndex(values.open as 'load' | 'view');
  const queries = Array.from({ length: 200 }, (_, q) => faces.query(q));
  const times: number[] = [];
  const found = queries.map((query) => {
    const t0 = performance.now();
    const keys = Array.from(index.search(l2Normalize(query), candidateCount(10), 1).keys, Number);
    times.push(performance.now() - t0);
    return rerankExactly(query, keys.map((key) => ({ faceId: String(key), embedding: faces.embedding(key) })), 10);
  });
  const openedRss = rssMb() - rssBefore;
  const truth = exactTruth(queries);
  const hits = found.reduce((sum, list, q) => sum + list.filter((n) => truth[q]!.has(Number(n.faceId))).length, 0);
  return (
    `opened by ${values.open}: RSS +${openedRss.toFixed(0)} MB after 200 queries, search p50/p95 ` +
    `${percentile(times, 0.5).toFixed(2)}/${percentile(times, 0.95).toFixed(2)} ms, recall@10 ${(hits / 2000).toFixed(3)}; peak RSS ${peakRssMb().toFixed(0)} MB`
  );
}

function exactTruth(queries: Float32Array[]): Set<number>[] {
  const best = queries.map(() => [] as { key: number; similarity: number }[]);
  for (let key = 0; key < count; key++) {
    const face = faces.embedding(key);
    queries.forEach((query, q) => {
      const list = best[q]!;
      const similarity = dot(query, face);
      if (list.length === 10 && similarity <= list[9]!.similarity) return;
      list.push({ key, similarity });
      list.sort((a, b) => b.similarity - a.similarity);
      if (list.length > 10) list.pop();
    });
  }
  return best.map((list) => new Set(list.map((b) => b.key)));
}
