/**
 * One measured scan, run as its own process by bench/scan-bench.ts so that its peak RSS is its own: scans `folder`
 * into a fresh library with the facetag code built under `codeRoot` (this checkout, or a built checkout of main for
 * the old code) and prints one JSON line (RunReport).
 *
 *   node dist/bench/scan/scan-run.js <codeRoot> <folder> [jobs] [pack] [detectSize]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface RunReport {
  analysed: number;
  faces: number;
  failed: number;
  elapsedMs: number;
  stageMs: { decode: number; detect: number; embed: number; store: number };
  jobs: number;
  pack: string;
  peakRssMb: number;
}

const [codeRoot, folder, jobs, pack, detectSize] = process.argv.slice(2);
if (!codeRoot || !folder) throw new Error('usage: scan-run.js <codeRoot> <folder> [jobs] [pack] [detectSize]');
// The measured code is imported from its own build, so the old and the new code run the same way.
const load = (module: string) => import(pathToFileURL(join(codeRoot, 'dist', 'src', module)).href);
const { resolveConfig } = await load('config/config.js');
const { libraryPack, openLibrary } = await load('library/open-library.js');
const { scanLibrary } = await load('library/scan-library.js');

const library = mkdtempSync(join(tmpdir(), 'facetag-bench-lib-'));
try {
  const config = resolveConfig({ library, jobs: jobs ? Number(jobs) : undefined, pack: pack || undefined, detectSize: detectSize ? Number(detectSize) : undefined }, process.env);
  const lib = await openLibrary(config);
  try {
    const packName: string = await libraryPack(lib, config);
    const result = await scanLibrary(lib, config, packName, { roots: [folder], prune: false, cluster: false });
    const report: RunReport = {
      analysed: result.analysed,
      faces: result.faces,
      failed: result.failed,
      elapsedMs: result.elapsedMs,
      stageMs: result.stageMs,
      jobs: config.jobs,
      pack: packName,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    console.log(JSON.stringify(report));
  } finally {
    await lib.close();
  }
} finally {
  rmSync(library, { recursive: true, force: true });
}
