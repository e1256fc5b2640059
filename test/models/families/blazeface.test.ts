import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resizeRgb } from '../../../src/models/image-tensor.js';
import type { Detection, RgbImage } from '../../../src/domain/types.js';
import { BlazefaceDetector, fivePoints } from '../../../src/models/families/blazeface.js';
import { loadRgb } from '../load-rgb.js';

const DATASETS = new URL('../../../../shared/datasets/', import.meta.url).pathname;
const PORTRAITS = [
  'small/deepface/person01/img1.jpg',
  'small/deepface/person02/img12.jpg',
  'small/deepface/person03/img48.jpg',
  'small/deepface/person04/img14.jpg',
];
const INFERENCE = { executionProviders: ['cpu'], intraOpThreads: 1 };

function best(faces: readonly Detection[]): Detection {
  expect(faces.length).toBeGreaterThan(0);
  return [...faces].sort((a, b) => b.score - a.score)[0]!;
}

describe('BlazefaceDetector (blazeface-back, converted from human-models)', () => {
  let detector: BlazefaceDetector;
  let tiled: BlazefaceDetector;

  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'facetag-models-'));
    detector = await BlazefaceDetector.loadBuiltin(cacheDir, { variant: 'back', scoreThreshold: 0.65, nmsIou: 0.3, tilesPerSide: 1 }, INFERENCE);
    tiled = await BlazefaceDetector.loadBuiltin(cacheDir, { variant: 'back', scoreThreshold: 0.65, nmsIou: 0.3, tilesPerSide: 2 }, INFERENCE);
  });

  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it.each(PORTRAITS)('finds one face with plausible landmarks in %s', async (photo) => {
    const image = await loadRgb(DATASETS + photo);
    const faces = await detector.detect(image);
    expect(faces).toHaveLength(1);
    const { box, landmarks, score } = faces[0]!;
    expect(score).toBeGreaterThan(0.65);
    const [eyeLeft, eyeRight, nose, mouthLeft, mouthRight] = landmarks;
    expect(eyeLeft[0]).toBeLessThan(eyeRight[0]);
    expect(mouthLeft[0]).toBeLessThan(mouthRight[0]);
    expect(Math.max(eyeLeft[1], eyeRight[1])).toBeLessThan(nose[1]);
    expect(nose[1]).toBeLessThan(Math.min(mouthLeft[1], mouthRight[1]));
    for (const [x, y] of landmarks) {
      expect(x).toBeGreaterThanOrEqual(box.x);
      expect(x).toBeLessThanOrEqual(box.x + box.w);
      expect(y).toBeGreaterThanOrEqual(box.y);
      expect(y).toBeLessThanOrEqual(box.y + box.h);
    }
    // A portrait's face is a sizeable part of the photo, and inside it.
    expect(box.w).toBeGreaterThan(image.width / 8);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.w).toBeLessThanOrEqual(image.width);
  });

  it('reports boxes in input pixels whatever the photo size', async () => {
    const image = await loadRgb(DATASETS + 'small/deepface/person02/img3.jpg');
    const half = await resizeRgb(image, Math.round(image.width / 2), Math.round(image.height / 2));
    const big = best(await detector.detect(image));
    const small = best(await detector.detect(half));
    expect(small.box.w * 2).toBeCloseTo(big.box.w, -1);
    expect(small.box.x * 2).toBeGreaterThan(big.box.x - big.box.w * 0.05);
    expect(small.box.x * 2).toBeLessThan(big.box.x + big.box.w * 0.05);
    expect(small.box.y * 2).toBeGreaterThan(big.box.y - big.box.h * 0.05);
    expect(small.box.y * 2).toBeLessThan(big.box.y + big.box.h * 0.05);
  });

  it('finds a face placed off-centre in a wide canvas at the right place', async () => {
    const face = await resizeRgb(await loadRgb(DATASETS + 'small/deepface/person04/img14.jpg'), 400, 267);
    const canvas: RgbImage = { width: 1200, height: 300, data: new Uint8Array(1200 * 300 * 3).fill(90) };
    for (let y = 0; y < face.height; y++) canvas.data.set(face.data.subarray(y * 400 * 3, (y + 1) * 400 * 3), ((y + 20) * 1200 + 700) * 3);
    const onCanvas = best(await detector.detect(canvas));
    const alone = best(await detector.detect(face));
    expect(onCanvas.landmarks[2][0]).toBeCloseTo(alone.landmarks[2][0] + 700, -1);
    expect(onCanvas.landmarks[2][1]).toBeCloseTo(alone.landmarks[2][1] + 20, -1);
  });

  it('finds more of the small faces of a group photo with tiles', async () => {
    const image = await loadRgb(DATASETS + 'groups/human_solvay1927.jpg');
    const plain = await detector.detect(image);
    const withTiles = await tiled.detect(image);
    expect(withTiles.length).toBeGreaterThan(plain.length);
    expect(withTiles.length).toBeGreaterThanOrEqual(20);
  });

  it.each(['hard/no_face/facealignment_grass.jpg', 'hard/no_face/human_background.jpg'])('finds nothing in %s', async (photo) => {
    expect(await tiled.detect(await loadRgb(DATASETS + photo))).toEqual([]);
  });
});

describe('fivePoints', () => {
  it('puts the mouth corners 0.83 eye distances apart, along the eye line', () => {
    const [, , , mouthLeft, mouthRight] = fivePoints([100, 100], [200, 100], [150, 150], [150, 200]);
    expect(mouthLeft[0]).toBeCloseTo(150 - 41.5);
    expect(mouthRight[0]).toBeCloseTo(150 + 41.5);
    expect(mouthLeft[1]).toBeCloseTo(200);
  });

  it('follows a tilted head', () => {
    // Eyes on a 45-degree line: the mouth corners lie on a parallel line through the mouth centre.
    const [, , , mouthLeft, mouthRight] = fivePoints([0, 0], [100, 100], [40, 60], [20, 80]);
    expect(mouthRight[0] - mouthLeft[0]).toBeCloseTo(83);
    expect(mouthRight[1] - mouthLeft[1]).toBeCloseTo(83);
    expect((mouthLeft[0] + mouthRight[0]) / 2).toBeCloseTo(20);
  });
});
