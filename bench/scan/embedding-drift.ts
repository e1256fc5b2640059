/**
 * Do the old and the new code give the same faces? Analyses photos with both builds in one process and compares
 * face counts, and for each old face the new face nearest to it (two faces of nearly one height can swap places in
 * reading order): the largest box corner shift (pixels) and the lowest cosine between embeddings (the default pack
 * must stay at cos >= 0.999 or be recalibrated).
 *
 *   node dist/bench/scan/embedding-drift.js --baseline DIR [--pack NAME] [--limit N] folder...
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
let baseline: string | undefined;
let pack = 'yunet-scrfd500m-w600k';
let limit = 60;
const folders: string[] = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--baseline') baseline = resolve(argv[++i]!);
  else if (argv[i] === '--pack') pack = argv[++i]!;
  else if (argv[i] === '--limit') limit = Number(argv[++i]);
  else folders.push(resolve(argv[i]!));
}
if (!baseline || folders.length === 0) throw new Error('usage: embedding-drift.js --baseline DIR [--pack NAME] [--limit N] folder...');

interface Face { box: { x: number; y: number; w: number; h: number }; embedding: Float32Array | number[] }
type Analyse = (bytes: Uint8Array) => Promise<{ faces: Face[] }>;

async function analyserOf(codeRoot: string): Promise<Analyse> {
  const load = (module: string) => import(pathToFileURL(join(codeRoot, 'dist', 'src', module)).href);
  const { analyserFromSetup } = await load('pipeline/analyser-from-setup.js');
  const { analysePhoto } = await load('pipeline/analyse-photo.js');
  const models = process.env.FACETAG_MODELS_PATH ?? resolve('..', 'shared', 'models');
  const setup = { pack, modelDirs: [models], cacheDir: join(codeRoot, '.cache'), executionProviders: ['cpu'], intraOpThreads: 1, maxPixels: 250e6, minFaceSize: 0, makeCrops: false };
  const analyser = await analyserFromSetup(setup);
  return (bytes) => analysePhoto(bytes, analyser);
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

function nearest(face: Face, among: Face[]): Face {
  const centre = (f: Face) => [f.box.x + f.box.w / 2, f.box.y + f.box.h / 2] as const;
  const [x, y] = centre(face);
  const distance = (f: Face) => Math.hypot(centre(f)[0] - x, centre(f)[1] - y);
  return among.reduce((best, f) => (distance(f) < distance(best) ? f : best));
}

const photos = folders.flatMap((folder) =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(jpe?g|png)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .slice(0, limit),
);
const [oldAnalyse, newAnalyse] = [await analyserOf(baseline), await analyserOf(resolve('.'))];
let faces = 0;
let lowest = 1;
let largestShift = 0;
const differentCounts: string[] = [];
for (const photo of photos) {
  const bytes = readFileSync(photo);
  const outcome = async (analyse: Analyse) => analyse(bytes).catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
  const [before, after] = [await outcome(oldAnalyse!), await outcome(newAnalyse!)];
  if (typeof before === 'string' || typeof after === 'string') {
    // A photo neither build reads is no difference; one only one of them reads is.
    if (before !== after) differentCounts.push(`${photo}: ${typeof before === 'string' ? before : 'read'} -> ${typeof after === 'string' ? after : 'read'}`);
    continue;
  }
  if (before.faces.length !== after.faces.length) {
    differentCounts.push(`${photo}: ${before.faces.length} -> ${after.faces.length}`);
    continue;
  }
  for (const f of before.faces) {
    const g = nearest(f, after.faces);
    faces++;
    lowest = Math.min(lowest, cosine(f.embedding, g.embedding));
    largestShift = Math.max(largestShift, Math.abs(f.box.x - g.box.x), Math.abs(f.box.y - g.box.y), Math.abs(f.box.x + f.box.w - g.box.x - g.box.w), Math.abs(f.box.y + f.box.h - g.box.y - g.box.h));
  }
}
console.log(`${photos.length} photos, ${faces} faces compared, pack ${pack}: lowest cosine old vs new ${lowest.toFixed(6)}, largest box shift ${largestShift.toFixed(2)} px`);
console.log(differentCounts.length === 0 ? 'same face count in every photo' : `face counts differ in ${differentCounts.length} photos:\n  ${differentCounts.join('\n  ')}`);
