/**
 * Issue 16's benchmark: a SQLite catalog of N synthetic faces with the structure of a real collection (bench/scale/
 * synthetic-faces.ts, drawn from the default pack's embeddings of lfw/), and what today's code does with it:
 * neighbour query p50/p95 and recall@10 against exact, an incremental clustering run for 2,000 new faces, a full
 * recluster, peak RSS and the catalog's size on disk ("before": exact search, every unassigned face judged, every
 * embedding in memory); then the same library and work with issue 16's code ("after", bench/scale/measure-after.ts:
 * the approximate index, bounded incremental runs, streamed embeddings; also the index build time, and the index
 * file in the size on disk). Each size and code runs in its own process, so peak RSS is its own.
 *
 * Both rows also time assigning one new face as a scan does it (bench/scale/one-face.ts: one photo with one new face
 * stored, then the scan's incremental clustering run: neighbours + decision), issue 16's "one new face" target.
 *
 * Usage: npm run bench:scale -- --faces 100000 [300000 1000000] [--json FILE] [--seed 1] [--lfw-catalog FILE] [--no-recluster]
 *   [--code before|after|neo4j] [--neo4j]
 * --code: run only today's code (before), issue 16's (after) or the Neo4j rows; before and after by default.
 * --neo4j: also the Neo4j rows (bench/scale/measure-neo4j.ts) on the server in NEO4J_URL, NEO4J_USER and NEO4J_PASSWORD,
 *   whose database is wiped first (never a real library's).
 *   [--before-full-up-to 300000] [--keep DIR [--reuse-stored]]
 * --no-recluster: skip the full recluster (O(n²) today: about an hour at 300,000 faces on this machine).
 * --keep DIR: keep each row's catalog and index in DIR/<code>-<faces> (for bench/scale/query-split.ts) instead of deleting them.
 * --reuse-stored (with --keep): the after row takes the library a stopped run stored in DIR/after-<faces> as it is (the
 *   row says so; its peak RSS then leaves out storing).
 * --before-full-up-to: above this many faces the before row measures the neighbour queries only (its incremental runs
 *   re-judge every face without a person against every face, with every embedding in memory: 329 s at 300,000 faces,
 *   hours and more than the machine's memory at a million); the row says "queries only" and leaves the rest empty.
 * --lfw-catalog (or FACETAG_LFW_CATALOG): a catalog.sqlite of a library that scanned lfw/ with the default pack, e.g.
 *   FACETAG_MODELS_PATH=../shared/models FACETAG_LIBRARY=/tmp/lfw-lib node bin/facetag.js scan ../shared/datasets/lfw
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readLfwStatistics } from './scale/lfw-statistics.js';
import { measureBefore, type ScaleRow } from './scale/measure.js';
import { measureAfter } from './scale/measure-after.js';
import { measureNeo4j, type Neo4jServer } from './scale/measure-neo4j.js';
import { lockNeo4jServer } from '../test/catalog/neo4j-test-lock.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    faces: { type: 'string', multiple: true },
    json: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'lfw-catalog': { type: 'string', default: process.env.FACETAG_LFW_CATALOG },
    child: { type: 'boolean', default: false },
    'no-recluster': { type: 'boolean', default: false },
    code: { type: 'string' },
    neo4j: { type: 'boolean', default: false },
    'before-full-up-to': { type: 'string', default: '300000' },
    'queries-only': { type: 'boolean', default: false },
    keep: { type: 'string' },
    'reuse-stored': { type: 'boolean', default: false },
  },
});
// `--faces 100000 300000` leaves the later sizes as positionals.
const sizes = [...(values.faces ?? []), ...positionals].map(Number);
const seed = Number(values.seed);
const lfwCatalog = values['lfw-catalog'];
if (!lfwCatalog) {
  throw new Error('say where the lfw/ catalog is: --lfw-catalog FILE or FACETAG_LFW_CATALOG (see the usage at the top of bench/scale-bench.ts)');
}
if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 2_000)) throw new Error('--faces takes face counts above 2,000');

if (values.child) {
  const dir = values.keep ? join(values.keep, `${values.code}-${sizes[0]}`) : mkdtempSync(join(tmpdir(), 'facetag-scale-bench-'));
  if (values.keep) mkdirSync(dir, { recursive: true });
  try {
    const run = {
      stats: readLfwStatistics(lfwCatalog),
      faceCount: sizes[0]!,
      seed,
      dir,
      recluster: !values['no-recluster'],
      queriesOnly: values['queries-only'],
      reuseStored: values['reuse-stored'],
    };
    const rows = values.code === 'neo4j' ? await measureNeo4jLocked(run) : [await (values.code === 'after' ? measureAfter : measureBefore)(run)];
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
} else {
  const rows: ScaleRow[] = [];
  if (values.code !== undefined && !['before', 'after', 'neo4j'].includes(values.code)) throw new Error(`--code takes before, after or neo4j, got ${values.code}`);
  const codes = values.code === undefined ? ['before', 'after', ...(values.neo4j ? ['neo4j'] : [])] : [values.code];
  if (codes.includes('neo4j')) neo4jServer();
  for (const faces of sizes) {
    // Today's code, then the approximate index (issue 16), each in its own process so peak RSS is its own.
    for (const code of codes) {
      const child = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          fileURLToPath(import.meta.url),
          ...['--child', '--code', code, '--faces', String(faces), '--seed', String(seed), '--lfw-catalog', lfwCatalog],
          ...(values['no-recluster'] ? ['--no-recluster'] : []),
          ...(values.keep ? ['--keep', values.keep] : []),
          ...(values['reuse-stored'] ? ['--reuse-stored'] : []),
          ...(code === 'before' && faces > Number(values['before-full-up-to']) ? ['--queries-only'] : []),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 2 ** 20 },
      );
      if (child.status !== 0) throw new Error(`the ${code} run at ${faces} faces failed (exit ${child.status ?? child.signal})`);
      rows.push(...(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ScaleRow[]));
    }
  }
  printTable(rows);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ rows }, null, 2)}\n`);
}

function neo4jServer(): Neo4jServer {
  const { NEO4J_URL: url, NEO4J_USER: user, NEO4J_PASSWORD: password } = process.env;
  if (!url || !user || password === undefined) throw new Error('--neo4j needs NEO4J_URL, NEO4J_USER and NEO4J_PASSWORD');
  return { url, user, password };
}

/** The tests and bench:knn wipe the same server: one at a time. */
async function measureNeo4jLocked(run: Parameters<typeof measureNeo4j>[0]): Promise<ScaleRow[]> {
  const server = neo4jServer();
  const unlock = await lockNeo4jServer(server.url);
  try {
    return await measureNeo4j(run, server);
  } finally {
    unlock();
  }
}

function printTable(rows: ScaleRow[]): void {
  const header = ['code', 'faces', 'query p50 ms', 'query p95 ms', 'recall@10', 'one face p50 ms', 'one face p95 ms', 'incremental s', 'recluster s', 'peak RSS MB', 'disk MB', 'index build s'];
  const ms = (value: number | null) => (value === null ? '-' : value.toFixed(1));
  const lines = rows.map((r) => [
    r.measured === 'queries only' ? `${r.code} (queries only)` : r.libraryReused ? `${r.code} (library reused)` : r.code,
    String(r.faces),
    r.queryP50Ms.toFixed(2),
    r.queryP95Ms.toFixed(2),
    r.recallAt10.toFixed(3),
    r.oneFaceP50Ms === null ? '-' : `${ms(r.oneFaceP50Ms)} (${r.oneFaceRuns} runs)`,
    ms(r.oneFaceP95Ms),
    r.incrementalMs === null ? '-' : (r.incrementalMs / 1000).toFixed(1),
    r.reclusterMs === null ? '-' : (r.reclusterMs / 1000).toFixed(1),
    r.peakRssMb.toFixed(0),
    r.diskMb === null ? '-' : r.diskMb.toFixed(0),
    r.indexBuildMs === undefined ? '-' : (r.indexBuildMs / 1000).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines]) console.log(line.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  for (const r of rows.filter((row) => row.oneFaceBoundedP50Ms !== undefined)) {
    console.log(
      `${r.code} ${r.faces}: one face by the bounded run (every face and person read), turn about with the neighbourhood run above: ` +
        `p50 ${ms(r.oneFaceBoundedP50Ms!)} ms, p95 ${ms(r.oneFaceBoundedP95Ms!)} ms`,
    );
  }
  if (rows.some((r) => r.measured === 'queries only')) {
    console.log("(queries only: that row's clustering work was not run: the before row above --before-full-up-to, the neo4j-quantized row always; '-' is not measured)");
  }
}
