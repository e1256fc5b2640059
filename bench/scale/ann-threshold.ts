/**
 * Where the approximate index starts to pay on SQLite: at each size, query p50 of the exact sqlite-vec scan and of the
 * approximate index (with its exact re-rank) on the same catalog of synthetic lfw-like faces, and the one-time cost
 * of building the index. Chooses DEFAULT_MIN_FACES (src/catalog/ann/approximate-search-settings.ts).
 *
 * Usage: node dist/bench/scale/ann-threshold.js --lfw-catalog FILE [--faces 2000 5000 10000 20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { readLfwStatistics } from './lfw-statistics.js';
import { FACES_PER_PHOTO } from './measure.js';
import { K, percentile } from './neighbour-queries.js';
import { storeSynthetic } from './store-synthetic.js';
import { SyntheticFaces } from './synthetic-faces.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'lfw-catalog': { type: 'string' }, faces: { type: 'string', multiple: true } },
});
const stats = readLfwStatistics(values['lfw-catalog']!);
const sizes = [...(values.faces ?? ['2000', '5000', '10000', '20000']), ...positionals].map(Number);

async function queryP50(catalog: Catalog, faces: SyntheticFaces): Promise<number> {
  const times: number[] = [];
  for (let q = 0; q < 53; q++) {
    const start = performance.now();
    await catalog.nearestFaces(faces.query(q), stats.pack, K);
    if (q >= 3) times.push(performance.now() - start);
  }
  return percentile(times, 0.5);
}

console.log('faces  exact p50 ms  approximate p50 ms  index build s');
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'facetag-ann-threshold-'));
  try {
    const faces = new SyntheticFaces(stats, size, FACES_PER_PHOTO, 1);
    const file = join(dir, 'catalog.db');
    const exact = await openSqliteCatalog(file, { approximateSearch: { mode: 'off', minFaces: 0 } });
    await storeSynthetic(exact, faces, stats.pack, 0, size);
    const exactMs = await queryP50(exact, faces);
    await exact.close();
    const approximate = await openSqliteCatalog(file, { approximateSearch: { mode: 'on', minFaces: 0 }, report: () => {} });
    const start = performance.now();
    await approximate.nearestFaces(faces.query(0), stats.pack, 1);
    const buildS = (performance.now() - start) / 1000;
    const approximateMs = await queryP50(approximate, faces);
    await approximate.close();
    console.log(`${String(size).padStart(5)}  ${exactMs.toFixed(2).padStart(12)}  ${approximateMs.toFixed(2).padStart(18)}  ${buildS.toFixed(1).padStart(13)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
