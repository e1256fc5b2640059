import { readFile } from 'node:fs/promises';
import { alignFace, type CropSpec } from '../../../src/domain/alignment.js';
import type { RgbImage } from '../../../src/domain/types.js';
import type { FaceDetector } from '../../../src/models/model.js';
import { loadRgb } from '../load-rgb.js';

export const DATASETS = new URL('../../../../shared/datasets/', import.meta.url).pathname;

export interface FacePair {
  same: boolean;
  a: RgbImage;
  b: RgbImage;
}

/**
 * The first `perKind` same-person and `perKind` different-person pairs of pairs-balanced.tsv fold 0,
 * each photo's most central face aligned for `crop`.
 */
export async function lfwPairFaces(detector: FaceDetector, crop: CropSpec, perKind: number): Promise<FacePair[]> {
  const lines = (await readFile(`${DATASETS}lfw-meta/pairs-balanced.tsv`, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  const rows = lines.map((l) => l.split('\t')).filter((r) => r[0] === '0');
  const chosen = [...rows.filter((r) => r[1] === '1').slice(0, perKind), ...rows.filter((r) => r[1] === '0').slice(0, perKind)];
  const pairs: FacePair[] = [];
  for (const [, same, a, b] of chosen) pairs.push({ same: same === '1', a: await centralFace(detector, a!, crop), b: await centralFace(detector, b!, crop) });
  return pairs;
}

async function centralFace(detector: FaceDetector, path: string, crop: CropSpec): Promise<RgbImage> {
  const image = await loadRgb(DATASETS + path);
  const faces = await detector.detect(image);
  const distance = (f: (typeof faces)[number]) => Math.hypot(f.box.x + f.box.w / 2 - image.width / 2, f.box.y + f.box.h / 2 - image.height / 2);
  const face = [...faces].sort((p, q) => distance(p) - distance(q))[0];
  if (!face) throw new Error(`no face found in ${path}`);
  return alignFace(image, face.landmarks, crop);
}
