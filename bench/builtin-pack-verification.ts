/**
 * LFW verification accuracy and speed of the built-in (npm-shipped, converted) model pack:
 * BlazeFace finds the face nearest the centre, the ArcFace template aligns it, the embedder embeds it.
 * Paddings are of the ArcFace-aligned crop the embedder is given (negative ones need --paddings=-0.1).
 *
 *   npx tsx bench/builtin-pack-verification.ts [--pairs 3670] [--paddings=0.1,0.2] [--detector back|full]
 *     [--score-threshold 0.65] [--embedder faceres|dlib|dlib-face-api] [--size 200] [--flip]
 *     [--save-embeddings file.json] [--threads 2]
 *
 * Recommended built-in pack: --embedder dlib --size 200 --paddings=0.1 --flip
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { alignFace } from '../src/domain/alignment.js';
import type { Detection, Landmarks5 } from '../src/domain/types.js';
import { cosineSimilarity } from '../src/domain/vector.js';
import { BlazefaceDetector, type BlazefaceVariant } from '../src/models/families/blazeface.js';
import { DlibResnetEmbedder } from '../src/models/families/dlib-resnet.js';
import { FaceresEmbedder } from '../src/models/families/faceres.js';
import type { FaceEmbedder } from '../src/models/model.js';
import { loadRgb } from '../test/models/load-rgb.js';
import { bestThreshold, crossValidatedAccuracy } from '../src/eval/metrics.js';
import { atFalseAcceptRate, type ScoredPair } from './verification-metrics.js';

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: '../shared/datasets' },
    pairs: { type: 'string', default: '3670' },
    paddings: { type: 'string', default: '0.2' },
    detector: { type: 'string', default: 'back' },
    'score-threshold': { type: 'string', default: '0.65' },
    embedder: { type: 'string', default: 'faceres' },
    size: { type: 'string' },
    flip: { type: 'boolean', default: false },
    'save-embeddings': { type: 'string' },
    threads: { type: 'string', default: '2' },
    cache: { type: 'string', default: '.cache/models' },
  },
});

interface Pair { fold: number; same: boolean; a: string; b: string }

const inference = { executionProviders: ['cpu'], intraOpThreads: Number(args.threads) };
const pairs = samplePairs(await readPairs(join(args.datasets, 'lfw-meta/pairs-balanced.tsv')), Number(args.pairs));
const paths = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
const detector = await BlazefaceDetector.loadBuiltin(args.cache, { variant: args.detector as BlazefaceVariant, scoreThreshold: Number(args['score-threshold']), nmsIou: 0.3, tilesPerSide: 2 }, inference);

const landmarks = new Map<string, Landmarks5>();
let detectMs = 0;
for (const path of paths) {
  const image = await loadRgb(join(args.datasets, path));
  const t0 = performance.now();
  const faces = await detector.detect(image);
  detectMs += performance.now() - t0;
  const face = nearestCentre(faces, image.width / 2, image.height / 2);
  if (face) landmarks.set(path, face.landmarks);
}
console.log(`${pairs.length} pairs, ${paths.length} photos; ${detector.name}: ${(detectMs / paths.length).toFixed(1)} ms per photo, no face in ${paths.length - landmarks.size}`);

for (const padding of args.paddings.split(',').map(Number)) {
  const embedder = await loadEmbedder(args.embedder, padding);
  const embeddings = new Map<string, Float32Array>();
  let embedMs = 0;
  for (const [path, points] of landmarks) {
    const aligned = alignFace(await loadRgb(join(args.datasets, path)), points, embedder.crop);
    const t0 = performance.now();
    const [embedding] = await embedder.embed([aligned]);
    embedMs += performance.now() - t0;
    embeddings.set(path, embedding!);
  }
  const scored: ScoredPair[] = pairs.map((p) => {
    const a = embeddings.get(p.a);
    const b = embeddings.get(p.b);
    // A photo without a face cannot be matched: count the pair as "different".
    return { fold: p.fold, same: p.same, similarity: a && b ? cosineSimilarity(a, b) : -1 };
  });
  const best = bestThreshold(scored);
  const cv = crossValidatedAccuracy(scored);
  const meanThreshold = cv.folds.reduce((sum, f) => sum + f.threshold, 0) / cv.folds.length;
  console.log(
    `${embedder.name} padding ${padding}: best-threshold accuracy ${(100 * best.accuracy).toFixed(2)} % at cosine ${best.threshold.toFixed(3)}; ` +
      `10-fold ${(100 * cv.accuracy).toFixed(2)} ± ${(100 * cv.std).toFixed(2)} % (mean threshold ${meanThreshold.toFixed(3)}); ` +
      `${(embedMs / Math.max(1, embeddings.size)).toFixed(1)} ms per embedding`,
  );
  for (const same of [true, false]) {
    const values = scored.filter((p) => p.same === same).map((p) => p.similarity).sort((a, b) => a - b);
    const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!.toFixed(3);
    console.log(`  ${same ? 'same-person' : 'different-person'} cosine: 5 % ${at(0.05)}, median ${at(0.5)}, 95 % ${at(0.95)}`);
  }
  if (args['save-embeddings']) {
    await writeFile(args['save-embeddings'], JSON.stringify(Object.fromEntries([...embeddings].map(([k, v]) => [k, Array.from(v)]))));
  }
  for (const rate of [0.01, 0.001]) {
    const far = atFalseAcceptRate(scored, rate);
    console.log(`  at FAR ${rate * 100} %: cosine > ${far.threshold.toFixed(3)} accepts ${(100 * far.trueAcceptRate).toFixed(1)} % of same-person pairs`);
  }
}

async function loadEmbedder(name: string, padding: number): Promise<FaceEmbedder> {
  if (name === 'faceres') return FaceresEmbedder.loadBuiltin(args.cache, { crop: { size: 224, padding }, maxBatch: 1 }, inference);
  const flavour = name === 'dlib' ? 'dlib' : 'face-api';
  return DlibResnetEmbedder.loadBuiltin(args.cache, { crop: { size: Number(args.size ?? 150), padding }, maxBatch: 2, flavour, flip: args.flip }, inference);
}

async function readPairs(path: string): Promise<Pair[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [fold, same, a, b] = line.split('\t');
      return { fold: Number(fold), same: same === '1', a: a!, b: b! };
    });
}

/** An even spread over the file (so over folds and same/different) when fewer pairs are asked for. */
function samplePairs(all: Pair[], count: number): Pair[] {
  if (count >= all.length) return all;
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]!);
}

function nearestCentre(faces: readonly Detection[], cx: number, cy: number): Detection | undefined {
  let best: Detection | undefined;
  let bestDistance = Infinity;
  for (const f of faces) {
    const d = Math.hypot(f.box.x + f.box.w / 2 - cx, f.box.y + f.box.h / 2 - cy);
    if (d < bestDistance) [best, bestDistance] = [f, d];
  }
  return best;
}
