/**
 * What reading the re-rank's candidates costs on a big catalog: the stored floats of C random faces, read as the
 * approximate search reads its candidates (FaceVectorLog.faces, one statement), 200 times per C. Random faces stand
 * in for an index's candidates, whose rows are spread over the file as well (a person's faces are in many photos).
 *
 * Usage: node dist/bench/scale/candidate-reads.js CATALOG.db [16,32,64,256]
 */
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { FaceVectorLog } from '../../src/catalog/sqlite/face-vector-log.js';
import { percentile } from './neighbour-queries.js';

const [file, counts = '16,20,32,64,128,256'] = process.argv.slice(2);
if (!file) throw new Error('usage: candidate-reads.js CATALOG.db [counts]');
const db = new Database(file, { readonly: true, fileMustExist: true });
const log = new FaceVectorLog(db);
const vectorIndex = db.prepare<[], number>('SELECT vector_index FROM faces LIMIT 1').pluck().get();
const highest = db.prepare<[], number>('SELECT max(num) FROM faces').pluck().get();
if (vectorIndex === undefined || highest === undefined) throw new Error(`${file} holds no faces`);
for (const count of counts.split(',').map(Number)) {
  const times: number[] = [];
  for (let read = 0; read < 200; read++) {
    const nums = Array.from({ length: count }, () => 1 + Math.floor(Math.random() * highest));
    const start = performance.now();
    log.faces(vectorIndex, nums);
    times.push(performance.now() - start);
  }
  console.log(`${count} candidates: read p50 ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`);
}
db.close();
