/**
 * Scan throughput of the old and the new code side by side, in one run: images/s, faces/s, the decode-floor ratio
 * and peak RSS on camera-size photos (4000x3000 JPEGs with 1-3 faces), and images/s on LFW-size photos (250 px).
 *
 *   npm run bench -- [folder] [--make-12mp N] [--baseline DIR] [--lfw N] [--jobs N] [--pack NAME] [--detect-size N] [--rounds N]
 *
 * --baseline DIR is a built checkout of the code to compare with (the old code), e.g. main:
 *   git worktree add --detach /tmp/facetag-main main && ln -s "$PWD/node_modules" /tmp/facetag-main/ &&
 *   (cd /tmp/facetag-main && npx tsc -p tsconfig.build.json)
 * Without it only this checkout is measured. Every scan runs in a process of its own (bench/scan/scan-run.ts), so
 * its peak RSS is its own; old and new alternate (--rounds times, default 2) so that both see the same machine load.
 * The decode floor is the wall time per photo sharp needs merely to decode the same 12 MP photos to 1920 px, --jobs at
 * a time, measured before and after the scans in this run; the ratio is a scan's wall time per photo over it.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeFloorMs } from './scan/decode-floor.js';
import { lfwFolder, make12mpPhotos, photosIn } from './scan/photo-sets.js';
import type { RunReport } from './scan/scan-run.js';

interface Args { folder?: string; make12mp: number; baseline?: string; lfw: number; jobs: number; pack?: string; detectSize?: number; rounds: number }

function parseArgs(argv: string[]): Args {
  const args: Args = { make12mp: 40, lfw: 300, jobs: 2, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--make-12mp') args.make12mp = Number(argv[++i]);
    else if (a === '--baseline') args.baseline = resolve(argv[++i]!);
    else if (a === '--lfw') args.lfw = Number(argv[++i]);
    else if (a === '--jobs') args.jobs = Number(argv[++i]);
    else if (a === '--pack') args.pack = argv[++i]!;
    else if (a === '--detect-size') args.detectSize = Number(argv[++i]);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.folder = resolve(a);
  }
  return args;
}

const THIS_CHECKOUT = resolve('.');
const RUNNER = join(THIS_CHECKOUT, 'dist', 'bench', 'scan', 'scan-run.js');

function scan(codeRoot: string, folder: string, args: Args): RunReport {
  const out = execFileSync(process.execPath, [RUNNER, codeRoot, folder, String(args.jobs), args.pack ?? '', args.detectSize ? String(args.detectSize) : ''], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as RunReport;
}

interface Row { workload: string; code: string; runs: RunReport[] }

const sum = (runs: RunReport[], pick: (r: RunReport) => number) => runs.reduce((s, r) => s + pick(r), 0);
const imagesPerSecond = (runs: RunReport[]) => sum(runs, (r) => r.analysed) / (sum(runs, (r) => r.elapsedMs) / 1000);
const facesPerSecond = (runs: RunReport[]) => sum(runs, (r) => r.faces) / (sum(runs, (r) => r.elapsedMs) / 1000);
const msPerPhoto = (runs: RunReport[]) => sum(runs, (r) => r.elapsedMs) / sum(runs, (r) => r.analysed);
const peakRss = (runs: RunReport[]) => Math.max(...runs.map((r) => r.peakRssMb));
const stage = (runs: RunReport[], key: keyof RunReport['stageMs']) => (sum(runs, (r) => r.stageMs[key]) / sum(runs, (r) => r.analysed)).toFixed(0);

const args = parseArgs(process.argv.slice(2));
const codes: [string, string][] = args.baseline ? [['old', args.baseline], ['new', THIS_CHECKOUT]] : [['new', THIS_CHECKOUT]];
const big = args.folder ?? (await make12mpPhotos(args.make12mp));
const small = args.lfw > 0 ? lfwFolder(args.lfw) : undefined;
const bigPhotos = photosIn(big);
const workloads: [string, string][] = [[`12 MP (${bigPhotos.length} photos)`, big], ...(small ? [[`LFW 250 px (${args.lfw} photos)`, small] as [string, string]] : [])];
const rows: Row[] = workloads.flatMap(([workload]) => codes.map(([code]) => ({ workload, code, runs: [] })));

const floorBefore = await decodeFloorMs(bigPhotos, 1920, args.jobs);
const loads: number[] = [loadavg()[0]!];
for (let round = 0; round < args.rounds; round++) {
  // Alternate which code goes first, so that neither always meets the same moment of the machine's load.
  const order = round % 2 === 0 ? codes : [...codes].reverse();
  for (const [workload, folder] of workloads) {
    for (const [code, root] of order) {
      const report = scan(root, folder, args);
      rows.find((r) => r.workload === workload && r.code === code)!.runs.push(report);
      console.log(`${workload}, ${code} code, round ${round + 1}: ${report.analysed} images, ${report.faces} faces, ${report.failed} errors in ${(report.elapsedMs / 1000).toFixed(1)} s, pack ${report.pack}, ${report.jobs} threads, peak RSS ${report.peakRssMb.toFixed(0)} MB`);
      loads.push(loadavg()[0]!);
    }
  }
}
const floorAfter = await decodeFloorMs(bigPhotos, 1920, args.jobs);
const floor = (floorBefore + floorAfter) / 2;

console.log(`\ndecode floor (sharp to 1920 px, ${args.jobs} at a time): ${floorBefore.toFixed(1)} ms per photo before the scans, ${floorAfter.toFixed(1)} after; ratios use ${floor.toFixed(1)}`);
console.log(`load average during the run: ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`);
console.log(['workload'.padEnd(26), 'code', 'images/s', ' faces/s', 'ms/photo', 'x floor', 'peak RSS', 'worker ms per photo: decode/detect/embed, main thread: store'].join('  '));
for (const row of rows) {
  const isBig = row.workload === workloads[0]![0];
  console.log(
    [
      row.workload.padEnd(26),
      row.code.padEnd(4),
      imagesPerSecond(row.runs).toFixed(2).padStart(8),
      facesPerSecond(row.runs).toFixed(2).padStart(8),
      msPerPhoto(row.runs).toFixed(1).padStart(8),
      (isBig ? (msPerPhoto(row.runs) / floor).toFixed(2) + 'x' : '-').padStart(7),
      `${peakRss(row.runs).toFixed(0)} MB`.padStart(8),
      `${stage(row.runs, 'decode')}/${stage(row.runs, 'detect')}/${stage(row.runs, 'embed')}, ${stage(row.runs, 'store')}`,
    ].join('  '),
  );
}
if (args.baseline) {
  for (const [workload] of workloads) {
    const [old, now] = ['old', 'new'].map((code) => rows.find((r) => r.workload === workload && r.code === code)!.runs);
    console.log(`${workload}: new vs old ${(imagesPerSecond(now!) / imagesPerSecond(old!)).toFixed(2)}x images/s, ${(facesPerSecond(now!) / facesPerSecond(old!)).toFixed(2)}x faces/s, peak RSS ${peakRss(now!).toFixed(0)} vs ${peakRss(old!).toFixed(0)} MB`);
  }
}
if (!args.folder) rmSync(big, { recursive: true, force: true });
if (small) rmSync(small, { recursive: true, force: true });
