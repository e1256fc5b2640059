/**
 * libvips and libuv thread settings for a 2-thread scan (issue 14): whole scans of the folder with each setting,
 * alternated over the rounds so that all see the same machine load, then the decode alone (decodePhoto to 1920 px,
 * two photos at a time as two workers decode) at 1 and 2 libvips threads, CPU and wall time per photo.
 * sharp's default is 1 libvips thread on glibc Linux (it keeps memory fragmentation down), so 1 is today's setting.
 *
 *   node dist/bench/scan/libvips-threads.js folder [rounds]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { decodePhoto } from '../../src/pipeline/decode.js';
import { photosIn } from './photo-sets.js';
import type { RunReport } from './scan-run.js';

const [folder, roundsArg] = process.argv.slice(2);
if (!folder) throw new Error('usage: libvips-threads.js folder [rounds]');
const rounds = Number(roundsArg ?? 3);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const checkout = fileURLToPath(new URL('../../..', import.meta.url));

const settings: Record<string, Record<string, string>> = {
  'today (libvips 1 thread, libuv pool 4)': {},
  'libvips 2 threads': { FACETAG_BENCH_LIBVIPS_THREADS: '2' },
  'UV_THREADPOOL_SIZE=2': { UV_THREADPOOL_SIZE: '2' },
  'UV_THREADPOOL_SIZE=8': { UV_THREADPOOL_SIZE: '8' },
};
const names = Object.keys(settings);
const runs = new Map<string, RunReport[]>(names.map((n) => [n, []]));
const loads = [loadavg()[0]!];
for (let round = 0; round < rounds; round++) {
  for (const name of names.map((_, i) => names[(i + round) % names.length]!)) {
    const out = execFileSync(process.execPath, ['--import', here('./libvips-threads-preload.js'), here('./scan-run.js'), checkout, folder, '2'], {
      encoding: 'utf8', env: { ...process.env, ...settings[name] }, maxBuffer: 1 << 24,
    });
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as RunReport;
    runs.get(name)!.push(report);
    loads.push(loadavg()[0]!);
    console.log(`round ${round + 1}, ${name}: ${(report.analysed / report.elapsedMs * 1000).toFixed(2)} images/s`);
  }
}
console.log(`load average during the scans: ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`);
for (const [name, reports] of runs) {
  const photos = reports.reduce((s, r) => s + r.analysed, 0);
  const perPhoto = (key: keyof RunReport['stageMs']) => (reports.reduce((s, r) => s + r.stageMs[key], 0) / photos).toFixed(0);
  const rate = photos / (reports.reduce((s, r) => s + r.elapsedMs, 0) / 1000);
  console.log(`${name.padEnd(40)} ${rate.toFixed(2)} images/s, worker ms per photo: decode ${perPhoto('decode')} / detect ${perPhoto('detect')} / embed ${perPhoto('embed')}`);
}

const bytes = photosIn(folder).slice(0, 16).map((p) => readFileSync(p));
const decode = { analysisSize: 1920, maxPixels: 250e6 };
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const spent = new Map<number, { cpu: number; wall: number; photos: number }>([[1, { cpu: 0, wall: 0, photos: 0 }], [2, { cpu: 0, wall: 0, photos: 0 }]]);
await decodePhoto(bytes[0]!, decode);
for (let round = 0; round < 4; round++) {
  for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
    sharp.concurrency(threads);
    const cpu = cpuMs(), wall = performance.now();
    for (let i = 0; i + 1 < bytes.length; i += 2) await Promise.all([decodePhoto(bytes[i]!, decode), decodePhoto(bytes[i + 1]!, decode)]);
    const s = spent.get(threads)!;
    s.cpu += cpuMs() - cpu;
    s.wall += performance.now() - wall;
    s.photos += bytes.length - (bytes.length % 2);
  }
}
for (const [threads, s] of spent) console.log(`decode to 1920 px, 2 at a time, libvips ${threads} thread(s): ${(s.cpu / s.photos).toFixed(1)} ms CPU, ${(s.wall / s.photos).toFixed(1)} ms wall per photo`);
