import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Detection, Landmarks5, RgbImage } from '../../../src/domain/types.js';
import { cropSquare, cutSquare, HELD_SHARE, MIN_CONFIRMABLE, RefinedLandmarksDetector } from '../../../src/models/families/refined-landmarks.js';
import { area } from '../../../src/domain/geometry.js';
import { ScrfdDetector } from '../../../src/models/families/scrfd.js';
import { YunetDetector } from '../../../src/models/families/yunet.js';
import type { FaceDetector } from '../../../src/models/model.js';
import { ort } from '../../../src/models/onnx-session.js';
import { decodePhoto } from '../../../src/pipeline/decode.js';
import { dataset, SHARED_MODELS } from '../../support/shared.js';

ort.env.logLevel = 'error';

/** A 4x2 image whose pixel (x, y) has red x*10, green y*10, blue 100. */
function gradient(): RgbImage {
  const width = 4;
  const height = 2;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x * 10, y * 10, 100], (y * width + x) * 3);
  }
  return { data, width, height };
}

const pixel = (image: RgbImage, x: number, y: number) => [...image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3)];

describe('cropSquare', () => {
  it('copies pixels exactly at scale 1', () => {
    const cut = cropSquare(gradient(), 1, 0, 2, 2);
    expect(pixel(cut, 0, 0)).toEqual([10, 0, 100]);
    expect(pixel(cut, 1, 1)).toEqual([20, 10, 100]);
  });

  it('is black outside the image', () => {
    const cut = cropSquare(gradient(), -2, 0, 2, 2);
    expect(pixel(cut, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(cut, 1, 1)).toEqual([0, 0, 0]);
  });

  it('averages the area an output pixel covers when shrinking', () => {
    // The left 2x2 block shrunk to one pixel: red (0+10)/2, green (0+10)/2.
    const cut = cropSquare(gradient(), 0, 0, 2, 1);
    expect(pixel(cut, 0, 0)).toEqual([5, 5, 100]);
  });
});

describe('cutSquare', () => {
  /** 600x400, red = x / 600 * 255, green = y / 400 * 255: smooth, so any two good resamplers agree closely. */
  const ramp: RgbImage = (() => {
    const data = new Uint8Array(600 * 400 * 3);
    for (let y = 0; y < 400; y++) for (let x = 0; x < 600; x++) data.set([Math.round((x / 600) * 255), Math.round((y / 400) * 255), 50], (y * 600 + x) * 3);
    return { data, width: 600, height: 400 };
  })();

  it('shrinks big squares natively to what cropSquare gives, black outside the image, with a mapping back to the photo', async () => {
    // 300 px around (100, 150), shown at 60 px (shrunk 5x); the left sixth lies outside the photo.
    const cut = await cutSquare(ramp, -50, 0, 300, 60);
    const reference = cropSquare(ramp, -50, 0, 300, 60);
    expect(cut.image).toMatchObject({ width: 60, height: 60 });
    for (const [u, v] of [[15, 5], [30, 30], [59, 59], [12, 40]] as const) {
      const got = pixel(cut.image, u, v);
      const want = pixel(reference, u, v);
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - want[c]!), `(${u}, ${v}) channel ${c}`).toBeLessThanOrEqual(3);
    }
    expect(pixel(cut.image, 5, 30)).toEqual([0, 0, 0]);
    // Cut point (u, v) is photo point (x0 + u / sx, y0 + v / sy): here (-50 + u * 5, v * 5), within a pixel.
    expect(cut.x0 + 30 / cut.sx).toBeCloseTo(100, 0);
    expect(cut.y0 + 30 / cut.sy).toBeCloseTo(150, 0);
  });

  it('leaves squares up to twice the cut to cropSquare, exactly', async () => {
    const cut = await cutSquare(ramp, 10, 20, 100, 60);
    expect(cut.image).toEqual(cropSquare(ramp, 10, 20, 100, 60));
    expect(cut).toMatchObject({ x0: 10, y0: 20, sx: 0.6, sy: 0.6 });
  });
});

const face = (landmarks: Landmarks5): Detection => ({ box: { x: 40, y: 40, w: 20, h: 20 }, score: 0.9, landmarks });
const FIRST: Landmarks5 = [[44, 47], [56, 47], [50, 51], [45, 57], [55, 57]];

/** Stands in for a detector: returns fixed detections, and remembers the images it was given. */
class FixedDetector implements FaceDetector {
  readonly name = 'fixed';
  readonly seen: RgbImage[] = [];
  constructor(private readonly detections: Detection[]) {}
  async detect(image: RgbImage): Promise<Detection[]> {
    this.seen.push(image);
    return this.detections;
  }
}

describe('RefinedLandmarksDetector', () => {
  const image: RgbImage = { data: new Uint8Array(100 * 100 * 3), width: 100, height: 100 };

  it("maps the landmark detector's points in the cut back to the photo, keeping the first box and score", async () => {
    // The cut is 40 px around the face (CONTEXT 2), shown at 80 px: the face box is (20, 20, 40, 40) in it.
    const inCut: Detection = { box: { x: 22, y: 20, w: 38, h: 42 }, score: 0.4, landmarks: [[30, 36], [50, 36], [40, 44], [32, 52], [48, 52]] };
    const landmarker = new FixedDetector([inCut]);
    const [refined] = await new RefinedLandmarksDetector(new FixedDetector([face(FIRST)]), landmarker, { cropSize: 80, confirm: false }).detect(image);
    expect(landmarker.seen[0]).toMatchObject({ width: 80, height: 80 });
    expect(refined!.box).toEqual({ x: 40, y: 40, w: 20, h: 20 });
    expect(refined!.score).toBe(0.9);
    // Cut pixel (x, y) is photo pixel (30 + x / 2, 30 + y / 2).
    expect(refined!.landmarks).toEqual([[45, 48], [55, 48], [50, 52], [46, 56], [54, 56]]);
  });

  it('keeps the first landmarks when the landmark detector finds nothing, or only another face', async () => {
    const elsewhere: Detection = { box: { x: 0, y: 0, w: 10, h: 10 }, score: 0.9, landmarks: [[1, 1], [2, 1], [1, 2], [1, 3], [2, 3]] };
    for (const found of [[], [elsewhere]]) {
      const [refined] = await new RefinedLandmarksDetector(new FixedDetector([face(FIRST)]), new FixedDetector(found), { cropSize: 80, confirm: false }).detect(image);
      expect(refined!.landmarks).toEqual(FIRST);
    }
  });

  it('with confirm, drops the faces the landmark detector does not find in their cut and keeps the ones it finds', async () => {
    const elsewhere: Detection = { box: { x: 0, y: 0, w: 10, h: 10 }, score: 0.9, landmarks: [[1, 1], [2, 1], [1, 2], [1, 3], [2, 3]] };
    // A 40 px face: its cut is 80 px, shown at 80 px, where the face box is (20, 20, 40, 40).
    const bigFace: Detection = { box: { x: 30, y: 30, w: 40, h: 40 }, score: 0.9, landmarks: FIRST };
    for (const found of [[], [elsewhere]]) {
      const detector = new RefinedLandmarksDetector(new FixedDetector([bigFace]), new FixedDetector(found), { cropSize: 80, confirm: true });
      expect(await detector.detect(image)).toEqual([]);
    }
    const inCut: Detection = { box: { x: 22, y: 20, w: 38, h: 42 }, score: 0.4, landmarks: [[30, 36], [50, 36], [40, 44], [32, 52], [48, 52]] };
    const confirmed = await new RefinedLandmarksDetector(new FixedDetector([bigFace]), new FixedDetector([inCut]), { cropSize: 80, confirm: true }).detect(image);
    expect(confirmed.map((d) => d.box)).toEqual([bigFace.box]);
  });

  it('takes box and landmarks from the landmark detector when the finder boxed only part of a face, and drops the double', async () => {
    // The finder's 40 px box is part of a face: its cut is 80 px at scale 1, the box (20, 20, 40, 40) in it.
    const part: Detection = { box: { x: 30, y: 30, w: 40, h: 40 }, score: 0.6, landmarks: FIRST };
    // The landmark detector's face holds the whole part (IoU 0.25, under MIN_OVERLAP) and is four times its size.
    const wholeInCut: Detection = { box: { x: 0, y: 0, w: 80, h: 80 }, score: 0.8, landmarks: [[10, 20], [40, 20], [25, 35], [15, 50], [35, 50]] };
    const [widened, ...rest] = await new RefinedLandmarksDetector(new FixedDetector([part]), new FixedDetector([wholeInCut]), { cropSize: 80, confirm: true }).detect(image);
    expect(rest).toEqual([]);
    // Cut pixel (x, y) is photo pixel (10 + x, 10 + y).
    expect(widened!.box).toEqual({ x: 10, y: 10, w: 80, h: 80 });
    expect(widened!.landmarks).toEqual([[20, 30], [50, 30], [35, 45], [25, 60], [45, 60]]);
    expect(widened!.score).toBe(0.6);

    // When the finder also boxed the whole face, the widened part is a double of it and goes.
    const whole: Detection = { box: { x: 10, y: 10, w: 80, h: 80 }, score: 0.9, landmarks: FIRST };
    const both = await new RefinedLandmarksDetector(new FixedDetector([part, whole]), new FixedDetector([wholeInCut]), { cropSize: 80, confirm: true }).detect(image);
    expect(both.map((d) => d.score)).toEqual([0.9]);

    // A landmark-detector face holding under HELD_SHARE of the part is another face: the part stays unconfirmed.
    const beside: Detection = { ...wholeInCut, box: { x: 0, y: 0, w: 40, h: 60 } };
    expect(area({ x: 20, y: 20, w: 20, h: 40 }) / area(part.box)).toBeLessThan(HELD_SHARE);
    expect(await new RefinedLandmarksDetector(new FixedDetector([part]), new FixedDetector([beside]), { cropSize: 80, confirm: true }).detect(image)).toEqual([]);
  });

  it('with confirm, keeps a face too small to judge even when the landmark detector does not find it', async () => {
    const small: Detection = { box: { x: 40, y: 40, w: MIN_CONFIRMABLE - 1, h: MIN_CONFIRMABLE + 5 }, score: 0.9, landmarks: FIRST };
    const big: Detection = { ...small, box: { x: 40, y: 40, w: MIN_CONFIRMABLE, h: MIN_CONFIRMABLE } };
    const nothingInCut = (d: Detection) => new RefinedLandmarksDetector(new FixedDetector([d]), new FixedDetector([]), { cropSize: 80, confirm: true });
    expect(await nothingInCut(small).detect(image)).toEqual([small]);
    expect(await nothingInCut(big).detect(image)).toEqual([]);
  });
});

describe('YuNet faces with SCRFD-0.5G landmarks (real models)', () => {
  const inference = { executionProviders: ['cpu'], intraOpThreads: 1 };
  let yunet: YunetDetector;
  let scrfd: ScrfdDetector;
  let refined: RefinedLandmarksDetector;

  beforeAll(async () => {
    yunet = await YunetDetector.load(join(SHARED_MODELS, 'yunet_2026may_dynamic.onnx'), { detectSize: 1920, minDetectSize: 640, scoreThreshold: 0.6, nmsIou: 0.3 }, inference);
    scrfd = await ScrfdDetector.load(join(SHARED_MODELS, 'scrfd_500m_kps.onnx'), { detectSize: 1920, minDetectSize: 640, scoreThreshold: 0.5, nmsIou: 0.4 }, inference);
    const landmarker = await ScrfdDetector.load(join(SHARED_MODELS, 'scrfd_500m_kps.onnx'), { detectSize: 192, minDetectSize: 192, scoreThreshold: 0.3, nmsIou: 0.4 }, inference);
    refined = new RefinedLandmarksDetector(yunet, landmarker, { cropSize: 192, confirm: false });
  });

  const photos = [
    ['lfw', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg'],
    ['lfw', 'Abdullah_Gul', 'Abdullah_Gul_0001.jpg'],
    ['small', 'deepface', 'person01', 'img2.jpg'],
    ['groups', 'faceapijs_bbt4.jpg'],
    ['groups', 'human_solvay1927.jpg'],
  ];

  it('finds the same faces as YuNet, with landmarks that agree with SCRFD run on the whole photo', async () => {
    let refinedError = 0;
    let yunetError = 0;
    let compared = 0;
    for (const parts of photos) {
      const image = (await decodePhoto(readFileSync(dataset(...parts)), { analysisSize: 1920, maxPixels: 1e8 })).image;
      const [first, better, reference] = await Promise.all([yunet.detect(image), refined.detect(image), scrfd.detect(image)]);
      expect(better.map((f) => f.box), parts.join('/')).toEqual(first.map((f) => f.box));
      for (const [i, f] of better.entries()) {
        // Compare faces SCRFD found too, in units of the face's size.
        const match = reference.find((r) => Math.hypot(r.box.x - f.box.x, r.box.y - f.box.y) < 0.3 * f.box.w);
        if (!match) continue;
        const distance = (points: Landmarks5) => points.reduce((s, p, k) => s + Math.hypot(p[0] - match.landmarks[k]![0], p[1] - match.landmarks[k]![1]), 0) / 5 / f.box.w;
        refinedError += distance(f.landmarks);
        yunetError += distance(first[i]!.landmarks);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
    // Measured: mean landmark distance to SCRFD's own, as a share of the face width, well under YuNet's.
    expect(refinedError / compared).toBeLessThan(0.6 * (yunetError / compared));
  });
});
