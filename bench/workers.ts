/**
 * Distributed scan throughput on this machine: images/s of `scan --queue` with 1, 2 and 3 `facetag worker`
 * processes (one analysis thread each) against a local scan, the queue's own cost per job, and peak memory.
 *
 *   npm run bench:workers -- [--photos N] [--workers 1,2,3] [--jobs N] [--queue redis://...] [--overhead-only]
 *
 * Needs a Redis (--queue, else REDIS_URL; scripts/test-servers starts one). Each run uses a fresh library and its
 * own queue prefix, and the photos are the first N LFW photos in name order (250 px, about one face each).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { connectionOptions } from '../src/queue/bullmq/connection.js';
import { BullmqQueues } from '../src/queue/bullmq/bullmq-queues.js';
import { parseQueueSettings } from '../src/queue/queue-settings.js';
import { lfwFolder } from './scan/photo-sets.js';

interface Args { photos: number; workers: number[]; jobs: number; queue: string; overheadOnly: boolean }

function parseArgs(argv: string[]): Args {
  const args: Args = { photos: 300, workers: [1, 2, 3], jobs: 1, queue: process.env.REDIS_URL ?? '', overheadOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--photos') args.photos = Number(argv[++i]);
    else if (a === '--workers') args.workers = argv[++i]!.split(',').map(Number);
    else if (a === '--jobs') args.jobs = Number(argv[++i]);
    else if (a === '--queue') args.queue = argv[++i]!;
    else if (a === '--overhead-only') args.overheadOnly = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (args.queue === '') throw new Error('no Redis: pass --queue redis://host:port or set REDIS_URL');
  return args;
}

const ROOT = resolve('.');
const BIN = join(ROOT, 'bin', 'facetag.js');
const MODELS = resolve('..', 'shared', 'models');

/** Peak resident memory of a running process (VmHWM), in MB; 0 once it has gone. */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

interface RunResult { label: string; seconds: number; imagesPerSecond: number; steady: number; peakWorkerMb: number; peakCoordinatorMb: number }

async function queuedRun(folder: string, workerCount: number, args: Args): Promise<RunResult> {
  const library = mkdtempSync(join(tmpdir(), 'facetag-bench-lib-'));
  const prefix = `bench-${process.pid}-${workerCount}`;
  const env = { ...process.env, FACETAG_LIBRARY: library, FACETAG_MODELS_PATH: MODELS, FACETAG_JOBS: String(args.jobs), FACETAG_QUEUE: args.queue, FACETAG_QUEUE_PREFIX: prefix };
  const queues = new BullmqQueues(parseQueueSettings(args.queue, prefix));
  // The pack is chosen (and remembered) by the first command; do it before the workers start.
  spawnSync(process.execPath, [BIN, 'status'], { env });
  const workers = Array.from({ length: workerCount }, () => spawn(process.execPath, [BIN, 'worker'], { env, stdio: 'ignore' }));
  const peaks = new Map<number, number>();
  const sample = setInterval(() => {
    for (const w of [...workers, coordinator]) if (w?.pid) peaks.set(w.pid, Math.max(peaks.get(w.pid) ?? 0, peakRssMb(w.pid)));
  }, 250);
  let coordinator: ChildProcess | undefined;
  try {
    // Wait until every worker has announced itself, so start-up is not counted as scanning.
    for (;;) {
      const out = spawnSync(process.execPath, [BIN, 'cluster', 'status', '--json'], { env, encoding: 'utf8' });
      if (out.status === 0 && (JSON.parse(out.stdout) as unknown[]).length === workerCount) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const t = performance.now();
    coordinator = spawn(process.execPath, [BIN, 'scan', folder], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    coordinator.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    if ((await exited(coordinator)) !== 0) throw new Error(`scan failed: ${stdout}`);
    const seconds = (performance.now() - t) / 1000;
    const analysed = Number(/(\d+) analysed/.exec(stdout)?.[1] ?? 0);
    // Steady state: from the 10th finished photo to the last, leaving out model loading and clustering.
    const jobs = (await queues.queue('analyse').getCompleted(0, -1)).map((j) => j.finishedOn ?? 0).sort((a, b) => a - b);
    const steady = jobs.length > 11 ? (jobs.length - 10) / ((jobs.at(-1)! - jobs[9]!) / 1000) : 0;
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
    const workerPeak = Math.max(...workers.map((w) => peaks.get(w.pid!) ?? 0));
    return {
      label: `${workerCount} worker${workerCount > 1 ? 's' : ''} x ${args.jobs} thread`,
      seconds,
      imagesPerSecond: analysed / seconds,
      steady,
      peakWorkerMb: workerPeak,
      peakCoordinatorMb: peaks.get(coordinator.pid!) ?? 0,
    };
  } finally {
    clearInterval(sample);
    for (const w of workers) w.kill('SIGKILL');
    for (const stage of ['analyse', 'cluster'] as const) await queues.queue(stage).obliterate({ force: true });
    await queues.close();
    rmSync(library, { recursive: true, force: true });
  }
}

async function localRun(folder: string): Promise<RunResult> {
  const library = mkdtempSync(join(tmpdir(), 'facetag-bench-lib-'));
  const env: NodeJS.ProcessEnv = { ...process.env, FACETAG_LIBRARY: library, FACETAG_MODELS_PATH: MODELS, FACETAG_JOBS: '2' };
  delete env.FACETAG_QUEUE;
  const t = performance.now();
  const child = spawn(process.execPath, [BIN, 'scan', folder], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!))), 250);
  await exited(child);
  clearInterval(sample);
  const seconds = (performance.now() - t) / 1000;
  const analysed = Number(/(\d+) analysed/.exec(stdout)?.[1] ?? 0);
  rmSync(library, { recursive: true, force: true });
  return { label: 'local scan, 2 threads (no queue)', seconds, imagesPerSecond: analysed / seconds, steady: 0, peakWorkerMb: peak, peakCoordinatorMb: 0 };
}

/** The queue's own cost: trivial jobs that do nothing, one at a time (latency) and many at once (throughput). */
async function queueOverhead(url: string): Promise<{ roundTripMs: number; perJobMs: number }> {
  const settings = parseQueueSettings(url, `bench-overhead-${process.pid}`);
  const connection = connectionOptions(settings);
  const queue = new Queue('noop', { connection, prefix: settings.prefix });
  const events = new QueueEvents('noop', { connection, prefix: settings.prefix });
  const worker = new Worker('noop', async () => 'ok', { connection, prefix: settings.prefix, concurrency: 8 });
  try {
    await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
    const rounds = 200;
    let t = performance.now();
    for (let i = 0; i < rounds; i++) {
      // Kept until the end: a job removed on completion can vanish before waitUntilFinished looks at it.
      const job = await queue.add('noop', { i }, { jobId: `rt.${i}` });
      await job.waitUntilFinished(events);
    }
    const roundTripMs = (performance.now() - t) / rounds;
    const many = 3000;
    let done = 0;
    const finished = new Promise<void>((r) => worker.on('completed', () => ++done === many && r()));
    t = performance.now();
    for (let i = 0; i < many; i += 500) {
      await queue.addBulk(Array.from({ length: 500 }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { jobId: `bulk.${i + k}`, removeOnComplete: true } })));
    }
    await finished;
    return { roundTripMs, perJobMs: (performance.now() - t) / many };
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

const args = parseArgs(process.argv.slice(2));
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
if (!args.overheadOnly) {
  const folder = lfwFolder(args.photos, 'facetag-bench-workers-');
  console.log(`${args.photos} LFW photos, ${args.jobs} analysis thread per worker; load average before: ${load()}`);
  const results: RunResult[] = [await localRun(folder)];
  for (const n of args.workers) {
    results.push(await queuedRun(folder, n, args));
    console.log(`  ${results.at(-1)!.label} done; load average ${load()}`);
  }
  console.log('\nrun                               wall s   images/s   steady images/s   peak RSS worker   peak RSS coordinator');
  for (const r of results) {
    console.log(
      `${r.label.padEnd(33)} ${r.seconds.toFixed(1).padStart(6)}   ${r.imagesPerSecond.toFixed(2).padStart(8)}   ${(r.steady ? r.steady.toFixed(2) : '-').padStart(15)}   ${r.peakWorkerMb.toFixed(0).padStart(12)} MB   ${r.peakCoordinatorMb ? `${r.peakCoordinatorMb.toFixed(0)} MB` : '-'}`,
    );
  }
  rmSync(folder, { recursive: true, force: true });
}
const overhead = await queueOverhead(args.queue);
console.log(`\nqueue overhead: ${overhead.roundTripMs.toFixed(2)} ms round trip of one trivial job (add, run, completion seen); ${overhead.perJobMs.toFixed(3)} ms per trivial job when 3000 are queued at once (8 in flight)`);
console.log(`load average after: ${load()} (2 cores)`);
