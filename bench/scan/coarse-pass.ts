/**
 * Is YuNet's 320 px coarse pass needed when the main pass runs at 1920 px (issue 14)? For every photo of the folders,
 * detects with the default pack as a scan does, and again with YuNet's first pass only, then prints the photos whose
 * final faces (after the SCRFD landmark cut and its confirmation) differ, and the coarse pass's CPU time per photo
 * (one thread, both ways alternated on each photo).
 *
 *   node dist/bench/scan/coarse-pass.js [--make-12mp N] [--make-close-ups] [folder...]
 *
 * --make-12mp N adds the scan bench's camera-size photos, --make-close-ups faces that fill a camera frame
 * (bench/scan/photo-sets.ts); both are made in temp folders and removed afterwards.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Detection, RgbImage } from '../../src/domain/types.js';
import { withoutDoubles } from '../../src/domain/geometry.js';
import { DOUBLE_OVERLAP, YunetDetector } from '../../src/models/families/yunet.js';
import { detectionLongSide, type GridDetectorSettings } from '../../src/models/families/grid-detector-settings.js';
import { analyserFromSetup } from '../../src/pipeline/analyser-from-setup.js';
import { decodePhoto } from '../../src/pipeline/decode.js';
import { make12mpPhotos, makeCloseUpPhotos } from './photo-sets.js';

const folders: string[] = [];
const made: string[] = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--make-12mp') made.push(await make12mpPhotos(Number(argv[++i])));
  else if (argv[i] === '--make-close-ups') made.push(await makeCloseUpPhotos());
  else folders.push(resolve(argv[i]!));
}
folders.push(...made);
if (folders.length === 0) throw new Error('usage: coarse-pass.js [--make-12mp N] [--make-close-ups] [folder...]');
const photos = folders.flatMap((folder) =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(jpe?g|png|webp)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort(),
);

const models = process.env.FACETAG_MODELS_PATH ?? resolve('..', 'shared', 'models');
const analyser = await analyserFromSetup({
  pack: 'yunet-scrfd500m-w600k', modelDirs: [models], cacheDir: resolve('.cache'), executionProviders: ['cpu'],
  intraOpThreads: 1, maxPixels: 250e6, minFaceSize: 0, makeCrops: false,
});
// The pack's detector is YuNet wrapped by the SCRFD landmark cut; the bench reaches into both on purpose.
const finder = (analyser.detector as unknown as { finder: YunetDetector }).finder;
const yunet = finder as unknown as { settings: GridDetectorSettings; detectAt(image: RgbImage, scale: number): Promise<Detection[]>; detect(image: RgbImage): Promise<Detection[]> };
const withCoarsePass = yunet.detect.bind(finder);
/** YuNet.detect without its coarse pass: the first pass and its removal of doubles, as detect does them. */
async function firstPassOnly(image: RgbImage): Promise<Detection[]> {
  const longSide = Math.max(image.width, image.height);
  return withoutDoubles(await yunet.detectAt(image, detectionLongSide(yunet.settings, longSide) / longSide), DOUBLE_OVERLAP);
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let measured = 0, cpuWith = 0, cpuWithout = 0, facesWith = 0, facesWithout = 0, photosLosing = 0;
for (const path of photos) {
  let image: RgbImage;
  try {
    image = (await decodePhoto(readFileSync(path), analyser.decode)).image;
  } catch {
    continue; // hard/ holds files no decoder reads; they have no faces to lose
  }
  await withCoarsePass(image);
  for (let round = 0; round < 2; round++) {
    let t = cpuMs();
    await firstPassOnly(image);
    cpuWithout += cpuMs() - t;
    t = cpuMs();
    await withCoarsePass(image);
    cpuWith += cpuMs() - t;
  }
  const full = await analyser.detector.detect(image);
  yunet.detect = firstPassOnly;
  const first = await analyser.detector.detect(image);
  yunet.detect = withCoarsePass;
  measured++;
  facesWith += full.length;
  facesWithout += first.length;
  if (full.length !== first.length) {
    photosLosing++;
    const sizes = full.filter((f) => first.every((k) => k.box.x !== f.box.x || k.box.y !== f.box.y)).map((f) => `${Math.round(f.box.w)}x${Math.round(f.box.h)}`);
    console.log(`${path} (${image.width}x${image.height}): ${full.length} faces with the coarse pass, ${first.length} without (only the coarse pass: ${sizes.join(', ')} px)`);
  }
}
const perPhoto = (ms: number) => (ms / measured / 2).toFixed(1);
console.log(`${measured} photos: ${facesWith} faces with the coarse pass, ${facesWithout} without, ${photosLosing} photos lose a face without it`);
console.log(`YuNet CPU per photo, one thread: ${perPhoto(cpuWith)} ms with the coarse pass, ${perPhoto(cpuWithout)} without (coarse pass ${perPhoto(cpuWith - cpuWithout)} ms)`);
for (const folder of made) rmSync(folder, { recursive: true, force: true });
