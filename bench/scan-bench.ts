/**
 * Scan throughput: images/s, faces/s, peak RSS and time per stage for a folder, on the embedded defaults.
 *
 *   npm run bench -- [folder] [--jobs N] [--pack NAME]... [--detect-size N]... [--make-12mp N]
 *
 * --make-12mp N builds N 4000x3000 JPEGs (1-3 faces each) from ../shared/datasets/small in a temp folder,
 * the reference workload. Every pack x detect size given runs on the same photos in the same process run,
 * one after the other, and the last lines compare each with the first, so a change is measured against the previous
 * approach under the same machine load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveConfig } from '../src/config/config.js';
import { libraryPack, openLibrary } from '../src/library/open-library.js';
import { scanLibrary } from '../src/library/scan-library.js';
import { make12mpPhotos } from './twelve-mp-photos.js';

interface Args { folder?: string; jobs?: number; packs: string[]; make12mp?: number; detectSizes: number[] }

function parseArgs(argv: string[]): Args {
  const args: Args = { packs: [], detectSizes: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--jobs') args.jobs = Number(argv[++i]);
    else if (a === '--pack') args.packs.push(argv[++i]!);
    else if (a === '--make-12mp') args.make12mp = Number(argv[++i]);
    else if (a === '--detect-size') args.detectSizes.push(Number(argv[++i]));
    else args.folder = a;
  }
  return args;
}

async function run(folder: string, jobs: number | undefined, pack: string | undefined, detectSize: number | undefined) {
  const library = mkdtempSync(join(tmpdir(), 'facetag-bench-lib-'));
  const config = resolveConfig({ library, jobs, pack, detectSize }, process.env);
  const lib = await openLibrary(config);
  try {
    const packName = await libraryPack(lib, config);
    const result = await scanLibrary(lib, config, packName, { roots: [folder], prune: false, cluster: true });
    return { result, packName, jobs: config.jobs };
  } finally {
    await lib.close();
    rmSync(library, { recursive: true, force: true });
  }
}

const args = parseArgs(process.argv.slice(2));
const folder = args.make12mp ? await make12mpPhotos(args.make12mp, resolve('..', 'shared', 'datasets')) : resolve(args.folder ?? join('..', 'shared', 'datasets', 'small'));
const sizes = args.detectSizes.length > 0 ? args.detectSizes : [undefined];
const packs = args.packs.length > 0 ? args.packs : [undefined];
const rows: { label: string; imagesPerSecond: number; facesPerSecond: number }[] = [];
for (const pack of packs) {
  for (const detectSize of sizes) {
    const { result, packName, jobs } = await run(folder, args.jobs, pack, detectSize);
    const seconds = result.elapsedMs / 1000;
    const stageTotal = result.stageMs.decode + result.stageMs.detect + result.stageMs.embed;
    const per = (ms: number) => (result.analysed > 0 ? (ms / result.analysed).toFixed(1) : '-');
    const label = `${packName} at ${detectSize ?? 'the pack\'s detect size'}`;
    rows.push({ label, imagesPerSecond: result.analysed / seconds, facesPerSecond: result.faces / seconds });
    console.log(
      [
        `folder ${folder}: pack ${packName}, ${jobs} worker threads, detect size ${detectSize ?? 'from pack'}`,
        `  ${result.analysed} images, ${result.faces} faces, ${result.failed} errors in ${seconds.toFixed(1)} s`,
        `  ${(result.analysed / seconds).toFixed(2)} images/s, ${(result.faces / seconds).toFixed(2)} faces/s`,
        `  per image (worker time): decode ${per(result.stageMs.decode)} ms, detect ${per(result.stageMs.detect)} ms, embed ${per(result.stageMs.embed)} ms (sum ${per(stageTotal)} ms); store ${per(result.stageMs.store)} ms on the main thread`,
        `  cluster ${result.clustering ? result.clustering.ms.toFixed(0) : '-'} ms (${result.clustering?.newPeople ?? 0} people)`,
        `  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process so far), load average ${loadavg()[0]!.toFixed(1)}`,
      ].join('\n'),
    );
  }
}
if (rows.length > 1) {
  const base = rows[0]!;
  for (const row of rows.slice(1)) {
    console.log(`${row.label} vs ${base.label}: ${(row.imagesPerSecond / base.imagesPerSecond).toFixed(2)}x images/s, ${(row.facesPerSecond / base.facesPerSecond).toFixed(2)}x faces/s`);
  }
}
if (args.make12mp) rmSync(folder, { recursive: true, force: true });
