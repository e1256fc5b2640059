/**
 * Inference over HTTP against the CLI: latency (p50/p95/p99) and requests/s of POST /v1/detect and /v1/recognize on
 * a ~1 MP group photo and the same photo upscaled to 12 MP, with 1, 4 and 8 concurrent clients, beside the same
 * work done as one `facetag scan` process per photo (models loaded each time), and the server's peak RSS.
 *
 *   npm run bench:serve -- [--requests N] [--clients 1,4,8] [--jobs N] [--cli-runs N]
 *
 * The server serves a library of small/deepface (scanned once into a temp folder) so recognize has people to find.
 * Each client sends its requests one after the other; a run is max(N, 2 x clients) requests in all.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

interface Args { requests: number; clients: number[]; jobs: number; cliRuns: number }

function parseArgs(argv: string[]): Args {
  const args: Args = { requests: 12, clients: [1, 4, 8], jobs: 2, cliRuns: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--requests') args.requests = Number(argv[++i]);
    else if (a === '--clients') args.clients = argv[++i]!.split(',').map(Number);
    else if (a === '--jobs') args.jobs = Number(argv[++i]);
    else if (a === '--cli-runs') args.cliRuns = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const ROOT = resolve('.');
const BIN = join(ROOT, 'bin', 'facetag.js');
const DATASETS = resolve('..', 'shared', 'datasets');
const MODELS = resolve('..', 'shared', 'models');
/** 1366x768 (1.05 MP), 6 faces; the 12 MP photo is it upscaled to 4608x2592. */
const GROUP_PHOTO = join(DATASETS, 'groups', 'faceapijs_bbt1.jpg');

function envFor(library: string, jobs: number): NodeJS.ProcessEnv {
  return { ...process.env, FACETAG_LIBRARY: library, FACETAG_MODELS_PATH: MODELS, FACETAG_JOBS: String(jobs) };
}

/** Peak resident memory of a running process (VmHWM), in MB: the server's worker threads are inside it. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-auth', '--max-pending', '256', '--log-level', 'warn'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setInterval(() => {
      const m = /facetag listening on (\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        res(m[1]!);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      rej(new Error(`serve exited with ${code}: ${out}`));
    });
  });
  return { url, child };
}

async function post(url: string, body: Uint8Array): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'image/jpeg' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text}`);
  return performance.now() - t;
}

interface LoadResult { latencies: number[]; seconds: number }

/** `clients` loops sharing a bounded count of requests. */
async function load(url: string, body: Uint8Array, clients: number, total: number): Promise<LoadResult> {
  let left = total;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left > 0) {
        left--;
        latencies.push(await post(url, body));
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** One `facetag scan` of a folder holding only this photo into a fresh library: process start, models, analysis, store. */
function cliSeconds(photo: string, jobs: number): number {
  const folder = mkdtempSync(join(tmpdir(), 'facetag-bench-one-'));
  const library = mkdtempSync(join(tmpdir(), 'facetag-bench-cli-'));
  symlinkSync(photo, join(folder, 'photo.jpg'));
  const t = performance.now();
  const run = spawnSync(process.execPath, [BIN, 'scan', folder], { env: envFor(library, jobs), encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  rmSync(folder, { recursive: true, force: true });
  rmSync(library, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`facetag scan failed: ${run.stderr}`);
  return seconds;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): string => x.toFixed(0).padStart(6);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'facetag-bench-serve-'));
  const library = join(work, 'library');
  const photo12 = join(work, 'group-12mp.jpg');
  await sharp(GROUP_PHOTO).resize(4608, 2592).jpeg({ quality: 90 }).toFile(photo12);
  const photos = [
    { label: '1 MP', path: GROUP_PHOTO },
    { label: '12 MP', path: photo12 },
  ];
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${args.jobs} analysis threads`);

  const scan = spawnSync(process.execPath, [BIN, 'scan', join(DATASETS, 'small', 'deepface')], { env: envFor(library, args.jobs), encoding: 'utf8' });
  if (scan.status !== 0) throw new Error(`scanning the library failed: ${scan.stderr}`);

  const { url, child } = await startServer(envFor(library, args.jobs));
  const rows: string[] = [];
  try {
    for (const photo of photos) {
      const body = readFileSync(photo.path);
      for (const route of ['/v1/detect', '/v1/recognize']) {
        await post(`${url}${route}`, body); // warm: models loaded, caches filled
        for (const clients of args.clients) {
          const total = Math.max(args.requests, 2 * clients);
          const { latencies, seconds } = await load(`${url}${route}`, body, clients, total);
          const sorted = [...latencies].sort((a, b) => a - b);
          rows.push(
            `${route.padEnd(14)} ${photo.label.padEnd(6)} ${String(clients).padStart(7)} ${String(total).padStart(5)} ${ms(percentile(sorted, 0.5))} ${ms(percentile(sorted, 0.95))} ${ms(percentile(sorted, 0.99))} ${(total / seconds).toFixed(2).padStart(7)}`,
          );
          console.log(rows.at(-1));
        }
      }
    }
    const peak = peakRssMb(child.pid!);
    console.log('\nroute          photo  clients  reqs  p50ms  p95ms  p99ms   req/s');
    for (const row of rows) console.log(row);
    console.log(`server peak RSS (VmHWM, with its ${args.jobs} model threads): ${peak.toFixed(0)} MB`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }

  console.log(`\none CLI process per photo (facetag scan of a one-photo folder into a fresh library, median of ${args.cliRuns}):`);
  for (const photo of photos) {
    const runs = Array.from({ length: args.cliRuns }, () => cliSeconds(photo.path, args.jobs));
    const m = median(runs);
    console.log(`  ${photo.label.padEnd(6)} ${(m * 1000).toFixed(0)} ms per photo (${(1 / m).toFixed(2)} photos/s); runs ${runs.map((r) => r.toFixed(2)).join(', ')} s`);
  }
  rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
