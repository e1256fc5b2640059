/**
 * How many faces the built-in BlazeFace variants find on the group photos and the small labelled sets,
 * with YuNet (../shared/models, WIDER AP 0.88) standing in for ground truth.
 *
 *   npx tsx bench/builtin-detector-recall.ts [--variants back,full] [--threshold 0.5] [--tiles 1,2,3] [--threads 2]
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Detection } from '../src/domain/types.js';
import { BlazefaceDetector, type BlazefaceVariant } from '../src/models/families/blazeface.js';
import { YunetDetector } from '../src/models/families/yunet.js';
import type { FaceDetector } from '../src/models/model.js';
import { loadRgb } from '../test/models/load-rgb.js';

const { values: args } = parseArgs({
  options: {
    shared: { type: 'string', default: '../shared' },
    variants: { type: 'string', default: 'back,full' },
    threshold: { type: 'string', default: '0.5' },
    tiles: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    cache: { type: 'string', default: '.cache/models' },
  },
});
const inference = { executionProviders: ['cpu'], intraOpThreads: Number(args.threads) };
const reference = await YunetDetector.load(join(args.shared, 'models/yunet_2026may_dynamic.onnx'), { detectSize: 1280, minDetectSize: 640, scoreThreshold: 0.7, nmsIou: 0.3 }, inference);
const candidates: FaceDetector[] = [];
for (const variant of args.variants.split(',') as BlazefaceVariant[]) {
  for (const tilesPerSide of args.tiles.split(',').map(Number)) {
  candidates.push(await BlazefaceDetector.loadBuiltin(args.cache, { variant, scoreThreshold: Number(args.threshold), nmsIou: 0.3, tilesPerSide }, inference));
  }
}

const groups = (await readdir(join(args.shared, 'datasets/groups'))).map((f) => join(args.shared, 'datasets/groups', f));
const small = await listImages(join(args.shared, 'datasets/small'));
for (const [setName, photos] of [['groups', groups], ['small', small]] as const) {
  const totals = new Map<string, { found: number; matched: number; extra: number; ms: number; photosWithFace: number }>();
  let referenceFaces = 0;
  for (const path of photos) {
    const image = await loadRgb(path);
    const truth = await reference.detect(image);
    referenceFaces += truth.length;
    for (const detector of candidates) {
      const t0 = performance.now();
      const found = await detector.detect(image);
      const ms = performance.now() - t0;
      const matched = truth.filter((t) => found.some((f) => centreInside(f, t))).length;
      const extra = found.filter((f) => !truth.some((t) => centreInside(f, t))).length;
      const key = `${detector.name} x${candidates.indexOf(detector)}`;
      const s = totals.get(key) ?? { found: 0, matched: 0, extra: 0, ms: 0, photosWithFace: 0 };
      totals.set(key, { found: s.found + found.length, matched: s.matched + matched, extra: s.extra + extra, ms: s.ms + ms, photosWithFace: s.photosWithFace + (found.length > 0 ? 1 : 0) });
    }
  }
  console.log(`${setName}: ${photos.length} photos, YuNet finds ${referenceFaces} faces`);
  for (const [name, s] of totals) {
    console.log(`  ${name}: ${s.found} found, ${s.matched}/${referenceFaces} YuNet faces matched, ${s.extra} not in YuNet, photos with a face ${s.photosWithFace}/${photos.length}, ${(s.ms / photos.length).toFixed(1)} ms per photo`);
  }
}

function centreInside(a: Detection, b: Detection): boolean {
  const cx = a.box.x + a.box.w / 2;
  const cy = a.box.y + a.box.h / 2;
  return cx >= b.box.x && cx <= b.box.x + b.box.w && cy >= b.box.y && cy <= b.box.y + b.box.h;
}

async function listImages(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listImages(path)));
    else if (/\.(jpe?g|png)$/i.test(entry.name)) out.push(path);
  }
  return out.sort();
}
