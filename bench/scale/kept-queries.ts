/**
 * The neighbour queries of a bench:scale row (neighbour-queries.ts: p50/p95 and recall@10 against exact) on a catalog
 * a row kept (`npm run bench:scale -- --keep DIR`), without storing the library again: e.g. today's exact search on
 * the catalog of a run that stopped before its index was built.
 *
 * Usage: node dist/bench/scale/kept-queries.js --dir DIR/after-1000000 --lfw-catalog FILE --faces 1000000 [--seed 1]
 *   [--search exact|approximate]
 */
import { parseArgs } from 'node:util';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { KEPT_RUN_OPTIONS, keptRun } from './kept-run.js';
import { log } from './measure.js';
import { measureQueries } from './neighbour-queries.js';

const { values } = parseArgs({
  options: {
    ...KEPT_RUN_OPTIONS,
    search: { type: 'string', default: 'exact' },
  },
});
if (values.search !== 'exact' && values.search !== 'approximate') throw new Error(`--search takes exact or approximate, got ${values.search}`);
const { catalogFile, stats, faces } = keptRun(values);
const mode = values.search === 'exact' ? 'off' : 'on';
const catalog = await openSqliteCatalog(catalogFile, { approximateSearch: { mode, minFaces: 0 } });
try {
  const queries = await measureQueries(catalog, faces, stats.pack);
  log(`${faces.faces} faces, ${values.search} search: query p50 ${queries.p50Ms.toFixed(1)} ms, p95 ${queries.p95Ms.toFixed(1)} ms, recall@10 ${queries.recallAtK.toFixed(3)}`);
  console.log(JSON.stringify({ faces: faces.faces, search: values.search, ...queries, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
} finally {
  await catalog.close();
}
