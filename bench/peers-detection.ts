/**
 * bench:peers' detection comparison: facetag and InsightFace's FaceAnalysis (bench/peers/insightface_detect.py, the
 * engine Immich's machine learning runs, with the same SCRFD-0.5G and w600k int8 files from ../shared/models) on the
 * same photos: N 12 MP JPEGs with 1-3 faces (made as `npm run bench -- --make-12mp N` makes them) and groups/ (24
 * group photos, scored against the faces counted by eye in test/fixtures/groups-faces.json).
 *
 * Each side runs with 1 thread and with --jobs threads: facetag as --jobs worker threads with one single-threaded
 * onnxruntime session each (its scan), InsightFace as --jobs worker processes with one FaceAnalysis each whose
 * sessions and OpenCV use one thread. facetag detects at its pack's size (1920 for the default pack); InsightFace at
 * each --det-size (640, its usual, and 1920). images/s: each side's loop over a set with its models loaded (facetag's
 * pool is warmed first on as many photos as it has threads). Sides alternate per thread count, so both see the same machine load.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Box } from '../src/domain/types.js';
import { resolveConfig, type Config } from '../src/config/config.js';
import type { FaceAudit } from '../src/eval/face-audit.js';
import { libraryPack, openLibrary } from '../src/library/open-library.js';
import { ThreadPoolRunner } from '../src/jobs/local/thread-pool-runner.js';
import { analysisSetup, scanLibrary } from '../src/library/scan-library.js';
import { detectionRow, insightfaceRows, parseInsightfaceResult, PHOTO_SETS, type DetectionRow, type PhotoSet, type SetResult } from './peers-detection-lib.js';
import { load, memorySampler, runMeasured } from './process-memory.js';

export interface DetectionComparison {
  /** Photo folders by set: the 12 MP photos and groups/. */
  folders: Record<PhotoSet, string>;
  audit: FaceAudit;
  /** Thread counts to run each side with, in order. */
  threads: number[];
  detSizes: number[];
  pack?: string;
  python: string;
  script: string;
  models: string;
  work: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh embedded library (whatever FACETAG_GRAPH / FACETAG_OBJECTS say, as `facetag eval` does) for one scan. */
function libraryConfig(library: string, threads: number, pack: string | undefined, env: NodeJS.ProcessEnv) {
  rmSync(library, { recursive: true, force: true });
  return { ...resolveConfig({ library, jobs: threads, pack }, env), graph: undefined, objects: undefined };
}

/** Scans a folder into a fresh library on the given pool; the boxes by file name, and the scan loop's time. */
async function facetagSet(folder: string, config: Config, runner: ThreadPoolRunner): Promise<SetResult> {
  const lib = await openLibrary(config);
  try {
    const scan = await scanLibrary(lib, config, runner.pack, { roots: [folder], prune: false, cluster: false, runner: runner.lend() });
    const paths = new Map((await lib.catalog.listPhotos()).map((p) => [p.sha256, basename(p.path)] as const));
    // A photo with no face is still a photo facetag read.
    const boxes = new Map<string, Box[]>([...paths.values()].map((file) => [file, []]));
    for (const face of await lib.catalog.listFaces({ pack: runner.pack })) boxes.get(paths.get(face.photoSha256)!)!.push(face.box);
    return { photos: scan.analysed, errors: scan.failed, seconds: scan.elapsedMs / 1000, boxes };
  } finally {
    await lib.close();
  }
}

/**
 * facetag's row at a thread count: one pool of worker threads, first warmed on as many 12 MP photos as it has
 * threads (each thread loads its models on its first photo), then timed on each set, as InsightFace is timed with
 * its models loaded.
 */
async function facetagRow(c: DetectionComparison, threads: number): Promise<DetectionRow> {
  const memory = memorySampler();
  memory.start(process.pid);
  let runner: ThreadPoolRunner | undefined;
  let peak: number | null;
  const sets = {} as Record<PhotoSet, SetResult>;
  try {
    const warmUp = join(c.work, `warm-up-${threads}`);
    mkdirSync(warmUp, { recursive: true });
    for (const file of readdirSync(c.folders['12mp']).sort().slice(0, threads)) copyFileSync(join(c.folders['12mp'], file), join(warmUp, file));
    const warmConfig = libraryConfig(join(c.work, `facetag-warm-up-${threads}`), threads, c.pack, c.env);
    const warmLib = await openLibrary(warmConfig);
    const pack = await libraryPack(warmLib, warmConfig).finally(() => warmLib.close());
    runner = new ThreadPoolRunner(analysisSetup(warmConfig, pack), threads);
    await facetagSet(warmUp, warmConfig, runner);
    for (const set of PHOTO_SETS) sets[set] = await facetagSet(c.folders[set], libraryConfig(join(c.work, `facetag-${set}-${threads}`), threads, c.pack, c.env), runner);
  } finally {
    await runner?.close();
    peak = memory.stop();
  }
  return detectionRow(`facetag ${runner.pack}`, threads, sets, c.audit, peak ?? process.resourceUsage().maxRSS / 1024);
}

async function insightfaceRowsFor(c: DetectionComparison, threads: number): Promise<DetectionRow[]> {
  const lists = PHOTO_SETS.map((set) => {
    const list = join(c.work, `insightface-${set}.txt`);
    const files = readdirSync(c.folders[set]).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
    writeFileSync(list, files.map((f) => `${join(c.folders[set], f)}\n`).join(''));
    return `${set}=${list}`;
  });
  const out = join(c.work, `insightface-${threads}.json`);
  const argv = [c.script, '--models', c.models, '--jobs', String(threads), '--out', out, ...lists.flatMap((l) => ['--set', l]), ...c.detSizes.flatMap((s) => ['--det-size', String(s)])];
  const env = { ...c.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const { peakMemoryMiB } = await runMeasured(c.python, argv, env);
  const result = parseInsightfaceResult(readFileSync(out, 'utf8'));
  return insightfaceRows(result, c.audit, peakMemoryMiB ?? result.peak_rss_mib.main + result.jobs * result.peak_rss_mib.largest_worker);
}

/** Runs both sides at each thread count; returns the rows (facetag first per thread count) and the loads seen. */
export async function compareDetection(c: DetectionComparison): Promise<{ rows: DetectionRow[]; ratios: { of: DetectionRow; to: DetectionRow }[]; loads: string[] }> {
  mkdirSync(c.work, { recursive: true });
  const rows: DetectionRow[] = [];
  const ratios: { of: DetectionRow; to: DetectionRow }[] = [];
  const loads: string[] = [];
  for (const threads of c.threads) {
    loads.push(`before facetag, ${threads} threads:     ${load()}`);
    const facetag = await facetagRow(c, threads);
    loads.push(`before insightface, ${threads} threads: ${load()}`);
    const peers = await insightfaceRowsFor(c, threads);
    rows.push(facetag, ...peers);
    ratios.push(...peers.map((to) => ({ of: facetag, to })));
  }
  loads.push(`after:                             ${load()}`);
  return { rows, ratios, loads };
}
