/**
 * Where a one-face run's time goes: the catalog calls it makes, timed one by one, and the rest (neighbour math and the
 * planner), for a strategy on a kept scale-bench library (--keep). Changes the library (adds one-face photos): copy it.
 * Usage: node dist/bench/scale/one-face-profile.js --file DIR/after-N/catalog.db --faces N --lfw-catalog FILE [--strategy neighbourhood|bounded] [--runs 10] [--stored 1000: one-face photos to skip, stored by earlier measures]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { readLfwStatistics } from './lfw-statistics.js';
import { benchLibrary } from './measure.js';
import { measureOneFace } from './one-face.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    faces: { type: 'string' },
    'lfw-catalog': { type: 'string' },
    strategy: { type: 'string', default: 'neighbourhood' },
    runs: { type: 'string', default: '10' },
    stored: { type: 'string', default: '1000' },
  },
});
if (!values.file || !values.faces || !values['lfw-catalog']) throw new Error('--file, --faces and --lfw-catalog are needed');
const faceCount = Number(values.faces);
const stats = readLfwStatistics(values['lfw-catalog']);
const { pack, faces, thresholds } = benchLibrary({ stats, faceCount, seed: 1, dir: '', recluster: false, queriesOnly: false });
const spent = new Map<string, { ms: number; calls: number; each: number[] }>();
const inner = await openSqliteCatalog(values.file);
const catalog = new Proxy(inner, {
  get(target, key, receiver) {
    const value = Reflect.get(target, key, receiver) as unknown;
    if (typeof value !== 'function' || typeof key !== 'string') return value;
    return async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      } finally {
        const s = spent.get(key) ?? { ms: 0, calls: 0, each: [] };
        s.each.push(performance.now() - start);
        spent.set(key, { ms: s.ms + performance.now() - start, calls: s.calls + 1, each: s.each });
      }
    };
  },
}) as Catalog;
const strategy = values.strategy as 'neighbourhood' | 'bounded';
const runs = Number(values.runs);
const times = (await measureOneFace(catalog, faces, pack, thresholds, { strategies: [strategy], runs, stored: Number(values.stored) })).get(strategy)!;
console.log(`${strategy}: p50 ${times.p50Ms.toFixed(1)} ms, p95 ${times.p95Ms.toFixed(1)} ms over ${times.runs} runs`);
for (const [key, s] of [...spent].sort((a, b) => b[1].ms - a[1].ms)) {
  const sorted = [...s.each].sort((a, b) => a - b);
  const [median, max] = [sorted[Math.floor(sorted.length / 2)]!, sorted.at(-1)!];
  console.log(`  ${key.padEnd(24)} ${(s.ms / times.runs).toFixed(2).padStart(8)} ms a run, ${(s.calls / times.runs).toFixed(1)} calls (median ${median.toFixed(2)} ms, max ${max.toFixed(1)} ms)`);
}
await inner.close();
