/**
 * facetag side by side with its peers, on the same photos in the same run, in two parts:
 * - clustering LFW: face_recognition (dlib HOG detector and 128-d ResNet encodings, clustered with scikit-learn's
 *   DBSCAN as the guide its README links to does);
 * - detection speed and recall on 12 MP photos and groups/: InsightFace's FaceAnalysis (Immich's engine) with the
 *   same ONNX files as facetag's default pack, at det size 640 and 1920 (bench/peers-detection.ts says how).
 *
 *   npm run bench:peers -- [--people N] [--per-person N] [--singletons N] [--all] [--pack NAME] [--jobs N]
 *                          [--dbscan EPS:MIN_SAMPLES ...] [--twelve-mp N] [--det-size N ...] [--only lfw|detection]
 *                          [--python PATH] [--json FILE] [--keep DIR]
 *
 * Photos: a deterministic subset of ../shared/datasets: --people LFW people spread evenly over the names (default
 * 100), at most --per-person photos each (8), plus --singletons single-photo distractors (150); --all takes every
 * LFW photo and every distractor (8,090 photos; the peer needs about half an hour on two cores). They are copied into
 * a temp folder (lfw/<person>/..., lfw-singletons/<person>/...) that both read, so each face's truth is its folder.
 *
 * facetag: scanned into a temp library with the pack the library would choose (the best one installed; weights from
 * FACETAG_MODELS_PATH, default ../shared/models), re-clustered with the default method and scored by src/eval exactly
 * as `facetag eval --pick centre` does. The peer: bench/peers/face_recognition_cluster.py in the venv that
 * scripts/peers-setup makes (or --python), with as many worker processes as facetag has worker threads, scored with
 * the same metrics and the same face-per-photo rule. Both read the photos from the same freshly written copy.
 *
 * Printed: detection rate, pairwise P/R/F1, BCubed F, distractors merged, images/s (each tool's analysis loop),
 * wall time (start to clustered people, model loading included), peak memory (proportional set size of the process
 * tree, sampled), the machine's load before and after each side, and facetag / peer ratios. Not part of `npm test`.
 *
 * Detection part: --twelve-mp N photos (default 24), each side with 1 thread and with --jobs threads, InsightFace at
 * each --det-size (default 640 and 1920); images/s, faces, required faces of groups/ found, false boxes, peak memory
 * and facetag / InsightFace ratios. --only runs one part.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progressPrinter } from '../src/cli/progress.js';
import { clusterLibrary } from '../src/clustering/cluster-library.js';
import { DEFAULT_CLUSTERING_METHOD } from '../src/clustering/methods/registry.js';
import { thresholdsForPack } from '../src/clustering/pack-thresholds.js';
import { resolveConfig } from '../src/config/config.js';
import { evaluateLibrary } from '../src/eval/evaluate-library.js';
import { readFaceAudit } from '../src/eval/face-audit.js';
import { labelsFromFolders } from '../src/eval/labelled-folders.js';
import { libraryPack, openLibrary } from '../src/library/open-library.js';
import { scanLibrary } from '../src/library/scan-library.js';
import { findPack } from '../src/models/pack-registry.js';
import { compareDetection } from './peers-detection.js';
import { formatDetectionTable } from './peers-detection-lib.js';
import { load, memorySampler, runMeasured } from './process-memory.js';
import { make12mpPhotos } from './scan/photo-sets.js';
import { chooseSubset, formatTable, parsePeerResult, scorePeer, type Row, type SubsetOptions } from './peers-lib.js';

interface Args extends SubsetOptions {
  all: boolean;
  pack?: string;
  jobs: number;
  dbscan: string[];
  python?: string;
  json?: string;
  keep?: string;
  twelveMp: number;
  detSizes: number[];
  only?: 'lfw' | 'detection';
}

/** DBSCAN settings when none are given: the guide's (sklearn's defaults), then two that let 2-photo people form. */
const DEFAULT_DBSCAN = ['0.5:5', '0.5:2', '0.6:2'];

function parseArgs(argv: string[]): Args {
  const args: Args = { people: 100, perPerson: 8, singletons: 150, all: false, jobs: availableParallelism(), dbscan: [], twelveMp: 24, detSizes: [] };
  const count = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--people') args.people = count(a, value());
    else if (a === '--per-person') args.perPerson = count(a, value());
    else if (a === '--singletons') args.singletons = count(a, value());
    else if (a === '--all') args.all = true;
    else if (a === '--pack') args.pack = value();
    else if (a === '--jobs') args.jobs = Math.max(1, count(a, value()));
    else if (a === '--dbscan') args.dbscan.push(value());
    else if (a === '--python') args.python = value();
    else if (a === '--json') args.json = value();
    else if (a === '--keep') args.keep = value();
    else if (a === '--twelve-mp') args.twelveMp = Math.max(1, count(a, value()));
    else if (a === '--det-size') args.detSizes.push(count(a, value()));
    else if (a === '--only') {
      const part = value();
      if (part !== 'lfw' && part !== 'detection') throw new Error(`--only takes lfw or detection, got ${part}`);
      args.only = part;
    }
    else throw new Error(`unknown argument ${a} (see the comment at the top of bench/peers.ts)`);
  }
  if (args.all) Object.assign(args, { people: Infinity, perPerson: Infinity, singletons: Infinity });
  if (args.dbscan.length === 0) args.dbscan = DEFAULT_DBSCAN;
  if (args.detSizes.length === 0) args.detSizes = [640, 1920];
  return args;
}

/** The repository root: the folder above bench/ (source run) or above dist/bench/ (compiled). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'scripts', 'peers-setup'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find scripts/peers-setup above this file');
    dir = up;
  }
  return dir;
}

function folderListing(dir: string): Map<string, string[]> {
  return new Map(
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => [e.name, readdirSync(join(dir, e.name)).filter((f) => /\.jpe?g$/i.test(f))] as const),
  );
}

/** Copies the chosen photos into <into>/lfw and <into>/lfw-singletons; returns the two roots. */
function copySubset(datasets: string, into: string, args: Args): string[] {
  const subset = chooseSubset(folderListing(join(datasets, 'lfw')), folderListing(join(datasets, 'lfw-singletons')), args);
  const roots: string[] = [];
  for (const [set, chosen] of [['lfw', subset.people], ['lfw-singletons', subset.singletons]] as const) {
    const root = join(into, set);
    roots.push(root);
    for (const [person, files] of chosen) {
      mkdirSync(join(root, person), { recursive: true });
      for (const file of files) copyFileSync(join(datasets, set, person, file), join(root, person, file));
    }
  }
  return roots;
}

// --- the two sides ------------------------------------------------------------------------------------------------

async function runFacetag(roots: string[], labels: Map<string, string>, args: Args, work: string, env: NodeJS.ProcessEnv) {
  const library = join(work, 'facetag-library');
  // An embedded library whatever FACETAG_GRAPH / FACETAG_OBJECTS say, as `facetag eval` does.
  const config = { ...resolveConfig({ library, jobs: args.jobs, pack: args.pack }, env), graph: undefined, objects: undefined };
  const memory = memorySampler();
  const started = performance.now();
  memory.start(process.pid);
  const lib = await openLibrary(config);
  try {
    const pack = await libraryPack(lib, config);
    const progress = progressPrinter();
    const scan = await scanLibrary(lib, config, pack, { roots, prune: false, cluster: false, onProgress: (p) => progress.update(p) });
    progress.done();
    await clusterLibrary(lib.catalog, pack, thresholdsForPack(findPack(pack)), { mode: 'recluster', method: DEFAULT_CLUSTERING_METHOD });
    const wallSeconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    const report = await evaluateLibrary(lib.catalog, pack, labels, { pick: 'centre' });
    const row: Row = {
      name: 'facetag',
      report,
      faces: scan.faces,
      imagesPerSecond: scan.analysed / (scan.elapsedMs / 1000),
      wallSeconds,
      peakMemoryMiB: peak ?? process.resourceUsage().maxRSS / 1024,
    };
    return { row, pack, jobs: config.jobs, analysed: scan.analysed, failed: scan.failed };
  } finally {
    memory.stop();
    await lib.close();
  }
}

function peerPython(args: Args, root: string): string {
  if (args.python) return args.python;
  const setup = spawnSync(join(root, 'scripts', 'peers-setup'), { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`scripts/peers-setup failed (exit ${setup.status ?? setup.signal}); see its messages above`);
  const python = setup.stdout.trim().split('\n').pop();
  if (!python) throw new Error('scripts/peers-setup printed no python path');
  return python;
}

async function runPeer(python: string, script: string, photos: string[], args: Args, work: string, labels: Map<string, string>) {
  const list = join(work, 'peer-photos.txt');
  const out = join(work, 'peer-result.json');
  writeFileSync(list, photos.map((p) => `${p}\n`).join(''));
  const argv = [script, '--photos', list, '--out', out, '--jobs', String(args.jobs), ...args.dbscan.flatMap((d) => ['--dbscan', d])];
  // One thread per worker process, as facetag runs one inference thread per worker thread.
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const { wallSeconds, peakMemoryMiB: sampled } = await runMeasured(python, argv, env);
  const result = parsePeerResult(readFileSync(out, 'utf8'));
  const reports = scorePeer(result, labels, 'centre');
  const peakMemoryMiB = sampled ?? result.peak_rss_mib.main + result.jobs * result.peak_rss_mib.largest_worker;
  const rows: Row[] = result.clusterings.map((c, i) => ({
    name: `face_recognition eps ${c.eps} min ${c.min_samples}`,
    report: reports[i]!,
    faces: result.faces.length,
    imagesPerSecond: result.photos.length / result.timing.analyse_seconds,
    wallSeconds,
    peakMemoryMiB,
  }));
  return { rows, result };
}

// --- main ---------------------------------------------------------------------------------------------------------

/** The clustering part: LFW people and distractors, facetag against face_recognition. */
async function lfwPart(python: string, work: string) {
  const photosDir = join(work, 'photos');
  rmSync(photosDir, { recursive: true, force: true });
  rmSync(join(work, 'facetag-library'), { recursive: true, force: true });
  const roots = copySubset(datasets, photosDir, args);
  const labels = await labelsFromFolders(roots);
  const identities = new Set(labels.values());
  const distractors = [...labels.values()].filter((id) => id.startsWith('lfw-singletons/')).length;
  console.log(`photos: ${labels.size} (${identities.size - distractors} LFW people, ${distractors} distractors), copied to ${photosDir}`);

  const loads = [`before facetag: ${load()}`];
  const facetag = await runFacetag(roots, labels, args, work, env);
  loads.push(`after facetag:  ${load()}`);
  const peer = await runPeer(python, join(root, 'bench', 'peers', 'face_recognition_cluster.py'), [...labels.keys()].sort(), args, work, labels);
  loads.push(`after peer:     ${load()}`);

  const v = peer.result.versions;
  console.log('');
  console.log(`facetag: pack ${facetag.pack}, clustering ${DEFAULT_CLUSTERING_METHOD}, ${facetag.jobs} worker threads; ${facetag.analysed} analysed, ${facetag.failed} errors`);
  console.log(
    `peer: face_recognition ${v.face_recognition} (models ${v.face_recognition_models}, dlib ${v.dlib}), ${peer.result.detector} detector with ${peer.result.upsample} upsample, ` +
      `scikit-learn ${v['scikit-learn']} DBSCAN (euclidean), ${peer.result.jobs} worker processes, Python ${v.python}; ` +
      `${peer.result.photos.filter((p) => p.error).length} errors; import ${peer.result.timing.import_seconds.toFixed(1)} s`,
  );
  console.log('scored per photo on the face nearest its centre, as `facetag eval --pick centre`; images/s = each tool\'s analysis loop, wall = start to clustered people');
  console.log('peak MiB = proportional set size of the process tree, sampled every 250 ms');
  console.log('');
  const rows = [facetag.row, ...peer.rows];
  console.log(formatTable(rows, peer.rows.map((p) => ({ of: facetag.row, to: p }))));
  console.log('ratios are facetag / peer: above 1 is better for detected, P, R, F1, BCubed F and images/s; below 1 for singletons merged, wall s and peak MiB');
  console.log('');
  for (const line of loads) console.log(line);
  return { photos: labels.size, loads, facetag: { pack: facetag.pack, jobs: facetag.jobs }, peer: { versions: v, jobs: peer.result.jobs }, rows };
}

/** The detection part: 12 MP photos and groups/, facetag against InsightFace's FaceAnalysis. */
async function detectionPart(python: string, work: string) {
  const twelveMp = await make12mpPhotos(args.twelveMp);
  try {
    console.log(`\ndetection: ${args.twelveMp} 12 MP photos (4000x3000, 1-3 faces, from small/deepface) in ${twelveMp}, and groups/ (24 photos, 156 faces required)`);
    const audit = readFaceAudit(join(root, 'test', 'fixtures', 'groups-faces.json'));
    const { rows, ratios, loads } = await compareDetection({
      folders: { '12mp': twelveMp, groups: join(datasets, 'groups') },
      audit,
      threads: [...new Set([1, args.jobs])],
      detSizes: args.detSizes,
      pack: args.pack,
      python,
      script: join(root, 'bench', 'peers', 'insightface_detect.py'),
      models: sharedModels,
      work: join(work, 'detection'),
      env,
    });
    console.log('');
    console.log('threads: facetag worker threads, or InsightFace worker processes; one single-threaded onnxruntime session each');
    console.log('images/s: each side\'s loop over the set with its models loaded (facetag\'s pool warmed on one 12 MP photo per thread); facetag detects at its pack\'s size');
    console.log('required found: faces of test/fixtures/groups-faces.json matched one to one (each box holds the other\'s centre); false boxes: on no face');
    console.log('');
    console.log(formatDetectionTable(rows, ratios));
    console.log('ratios are facetag / InsightFace at the same thread count: above 1 is better for images/s and required found; below 1 for false boxes and peak MiB');
    console.log('');
    for (const line of loads) console.log(line);
    return { twelveMp: args.twelveMp, loads, rows };
  } finally {
    if (!args.keep) rmSync(twelveMp, { recursive: true, force: true });
  }
}

const args = parseArgs(process.argv.slice(2));
const root = repoRoot();
const datasets = resolve(root, '..', 'shared', 'datasets');
const env = { ...process.env };
const sharedModels = resolve(root, '..', 'shared', 'models');
if (env.FACETAG_MODELS_PATH === undefined && existsSync(sharedModels)) env.FACETAG_MODELS_PATH = sharedModels;

const python = peerPython(args, root);
const work = args.keep ? resolve(args.keep) : mkdtempSync(join(tmpdir(), 'facetag-peers-'));
mkdirSync(work, { recursive: true });
try {
  const lfw = args.only === 'detection' ? undefined : await lfwPart(python, work);
  const detection = args.only === 'lfw' ? undefined : await detectionPart(python, work);
  if (args.json) writeFileSync(args.json, JSON.stringify({ lfw, detection }, null, 2));
} finally {
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}
