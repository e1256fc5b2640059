/**
 * Does the main thread's share of a scan (hashing the next file, the catalog write, the crop writes, handing tasks
 * out) keep the worker threads waiting (issue 14)? Runs a real library scan of the folder on 2 threads whose worker
 * records when each photo starts and ends, and prints how long each thread sat between two photos, next to the
 * main thread's event-loop utilisation and the store time per photo.
 *
 *   node dist/bench/scan/worker-idle.js folder [jobs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance as perf } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { resolveConfig } from '../../src/config/config.js';
import type { AnalyseOutcome, AnalyseTask, PhotoJobRunner } from '../../src/jobs/job-runner.js';
import { libraryPack, openLibrary } from '../../src/library/open-library.js';
import { analysisSetup, scanLibrary } from '../../src/library/scan-library.js';
import type { TaskSpan } from './timed-worker.js';

const [folderArg, jobsArg] = process.argv.slice(2);
if (!folderArg) throw new Error('usage: worker-idle.js folder [jobs]');
const jobs = Number(jobsArg ?? 2);
const library = mkdtempSync(join(tmpdir(), 'facetag-worker-idle-'));
const config = resolveConfig({ library, jobs }, process.env);
const lib = await openLibrary(config);
const pack = await libraryPack(lib, config);
const pool = new Piscina({ filename: fileURLToPath(new URL('./timed-worker.js', import.meta.url)), workerData: analysisSetup(config, pack), minThreads: jobs, maxThreads: jobs });
const spans: (TaskSpan & { received: number })[] = [];
const runner: PhotoJobRunner = {
  concurrency: jobs,
  analyse: async (task: AnalyseTask) => {
    const outcome = (await pool.run(task)) as AnalyseOutcome & { span: TaskSpan };
    spans.push({ ...outcome.span, received: perf.timeOrigin + perf.now() });
    return outcome;
  },
  close: async () => {},
};
const mainBefore = perf.eventLoopUtilization();
const result = await scanLibrary(lib, config, pack, { roots: [resolve(folderArg)], prune: false, cluster: false, runner });
const main = perf.eventLoopUtilization(mainBefore);
await pool.destroy();
await lib.close();
rmSync(library, { recursive: true, force: true });

const gaps: number[] = [];
const lags: number[] = [];
let busy = 0;
const byThread = new Map<number, typeof spans>();
for (const s of spans) byThread.set(s.threadId, [...(byThread.get(s.threadId) ?? []), s]);
for (const list of byThread.values()) {
  list.sort((a, b) => a.start - b.start);
  list.forEach((s, i) => {
    busy += s.end - s.start;
    lags.push(s.received - s.end);
    if (i > 0) gaps.push(s.start - list[i - 1]!.end);
  });
}
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const at = (values: number[], share: number) => sorted(values)[Math.min(values.length - 1, Math.floor(share * values.length))]!.toFixed(1);
const span = Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
const idle = gaps.reduce((s, g) => s + g, 0);
console.log(`${result.analysed} photos on ${jobs} threads in ${(result.elapsedMs / 1000).toFixed(1)} s (${(result.analysed / result.elapsedMs * 1000).toFixed(2)} images/s); store ${(result.stageMs.store / result.analysed).toFixed(1)} ms per photo, main thread busy ${(main.utilization * 100).toFixed(1)} % of the scan`);
console.log(`workers busy ${(busy / (jobs * span) * 100).toFixed(1)} % from the first photo's start to the last one's end; between two photos a thread waited ${idle.toFixed(0)} ms in all (${(idle / (jobs * span) * 100).toFixed(2)} %), median ${at(gaps, 0.5)} ms, p90 ${at(gaps, 0.9)}, max ${at(gaps, 1)}`);
console.log(`a finished photo reached the main thread after median ${at(lags, 0.5)} ms, p90 ${at(lags, 0.9)}`);
