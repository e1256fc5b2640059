/**
 * Where one neighbour query's time goes on a catalog the scale benchmark kept (`npm run bench:scale -- --keep DIR`):
 * the graph search in the saved usearch file, reading the candidates' stored floats from SQLite, and the exact
 * re-rank, apart, for each search expansion and number of candidates, with recall@10 against exact search on the
 * generator's faces (the same queries as bench:scale's rows). The faces the row's one-face runs added later are left
 * out of the candidates, since the generator's truth does not hold them.
 *
 * Usage: node dist/bench/scale/query-split.js --dir DIR/after-1000000 --lfw-catalog FILE --faces 1000000 [--seed 1]
 *   [--expansions 128,256,512] [--candidates 16,32,64]
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { rerankExactly } from '../../src/catalog/ann/exact-rerank.js';
import { DEFAULT_USEARCH, usearchIndexKind } from '../../src/catalog/ann/usearch-index.js';
import { faceId } from '../../src/catalog/catalog.js';
import { benchPhoto } from '../knn/random-faces.js';
import { FaceVectorLog } from '../../src/catalog/sqlite/face-vector-log.js';
import { KEPT_RUN_OPTIONS, keptRun } from './kept-run.js';
import { FACES_PER_PHOTO, ONE_FACE_RUNS_AFTER } from './measure.js';
import { exactNeighbours, K, percentile, QUERIES, WARM_UP } from './neighbour-queries.js';

const { values } = parseArgs({
  options: {
    ...KEPT_RUN_OPTIONS,
    expansions: { type: 'string', default: '128,256,512' },
    candidates: { type: 'string', default: '16,32,64' },
  },
});
const list = (text: string) => text.split(',').map(Number);
const { catalogFile, stats, faces } = keptRun(values);
const indexName = readdirSync(values.dir!).find((name) => name.startsWith('catalog.db.faces-') && name.endsWith(`.usearch-${DEFAULT_USEARCH.precision}`));
if (!indexName) throw new Error(`${values.dir} holds no saved ${DEFAULT_USEARCH.precision} index beside catalog.db`);
const vectorIndex = Number(indexName.slice('catalog.db.faces-'.length).split('.')[0]);

const db = new Database(catalogFile, { fileMustExist: true });
const log = new FaceVectorLog(db);
// The generator's photos are numbered from 0; the one-face runs' photos follow them (one-face.ts), one face each.
const addedLater = new Set(Array.from({ length: ONE_FACE_RUNS_AFTER }, (_, run) => faceId(benchPhoto(faces.faces / FACES_PER_PHOTO + run, [], stats.pack).meta.sha256, stats.pack, 0)));
const isGenerated = (id: string) => !addedLater.has(id);
const queries = Array.from({ length: QUERIES + WARM_UP }, (_, q) => faces.query(q));
const truth = exactNeighbours(faces, stats.pack, queries.slice(WARM_UP));

console.log(`${faces.faces} faces, ${QUERIES} queries (after ${WARM_UP} warm-up ones); p50/p95 in ms`);
for (const expansionSearch of list(values.expansions)) {
  const index = usearchIndexKind({ ...DEFAULT_USEARCH, expansionSearch }).open(join(values.dir!, indexName), stats.dims);
  for (const candidates of list(values.candidates)) {
    const parts = { search: [] as number[], read: [] as number[], rerank: [] as number[], total: [] as number[] };
    let hits = 0;
    for (const [q, query] of queries.entries()) {
      const t0 = performance.now();
      const { keys } = index.search(query, candidates);
      const t1 = performance.now();
      const found = log.faces(vectorIndex, keys);
      const t2 = performance.now();
      const nearest = rerankExactly(query, found.filter((f) => isGenerated(f.faceId)), K);
      const t3 = performance.now();
      if (q < WARM_UP) continue;
      parts.search.push(t1 - t0);
      parts.read.push(t2 - t1);
      parts.rerank.push(t3 - t2);
      parts.total.push(t3 - t0);
      hits += nearest.filter((n) => truth[q - WARM_UP]!.has(n.faceId)).length;
    }
    const p = (times: number[]) => `${percentile(times, 0.5).toFixed(2)}/${percentile(times, 0.95).toFixed(2)}`;
    console.log(
      `expansion_search ${expansionSearch}, candidates ${candidates}: recall@10 ${(hits / (K * QUERIES)).toFixed(3)}; ` +
        `search ${p(parts.search)}, read ${p(parts.read)}, re-rank ${p(parts.rerank)}, all ${p(parts.total)}`,
    );
  }
}
db.close();
