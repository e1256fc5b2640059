import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Detection } from '../../../src/domain/types.js';
import { ScrfdDetector } from '../../../src/models/families/scrfd.js';
import { ort } from '../../../src/models/onnx-session.js';
import { decodePhoto } from '../../../src/pipeline/decode.js';
import { dataset, SHARED_MODELS } from '../../support/shared.js';

const inference = { executionProviders: ['cpu'], intraOpThreads: 1 };
const settings = { detectSize: 1920, minDetectSize: 640, scoreThreshold: 0.5, nmsIou: 0.4 };
// The 0.5G export declares 640x640 output shapes and onnxruntime warns on every other size; the outputs are right.
ort.env.logLevel = 'error';

async function load(...parts: string[]) {
  return (await decodePhoto(readFileSync(dataset(...parts)), { analysisSize: 1280, maxPixels: 1e8 })).image;
}

function expectAnatomicalOrder(face: Detection): void {
  const [leftEye, rightEye, nose, leftMouth, rightMouth] = face.landmarks;
  expect(leftEye[0]).toBeLessThan(rightEye[0]);
  expect(leftMouth[0]).toBeLessThan(rightMouth[0]);
  expect(nose[1]).toBeGreaterThan(Math.max(leftEye[1], rightEye[1]));
  expect(Math.min(leftMouth[1], rightMouth[1])).toBeGreaterThan(nose[1]);
  for (const [x, y] of face.landmarks) {
    expect(x).toBeGreaterThan(face.box.x);
    expect(x).toBeLessThan(face.box.x + face.box.w);
    expect(y).toBeGreaterThan(face.box.y);
    expect(y).toBeLessThan(face.box.y + face.box.h);
  }
}

describe.each([
  ['SCRFD-2.5G', 'scrfd_2.5g_kps.onnx'],
  ['SCRFD-0.5G', 'scrfd_500m_kps.onnx'],
])('%s detector', (_name, file) => {
  let detector: ScrfdDetector;

  beforeAll(async () => {
    detector = await ScrfdDetector.load(join(SHARED_MODELS, file), settings, inference);
  });

  it('finds one face with landmarks in anatomical order', async () => {
    const image = await load('small', 'deepface', 'person01', 'img2.jpg');
    const faces = await detector.detect(image);
    expect(faces).toHaveLength(1);
    expectAnatomicalOrder(faces[0]!);
    expect(faces[0]!.score).toBeGreaterThan(0.5);
    expect(faces[0]!.score).toBeLessThanOrEqual(1);
    // A portrait: the face is a sizeable part of the photo, and inside it.
    const { box } = faces[0]!;
    expect(box.w * box.h).toBeGreaterThan(0.02 * image.width * image.height);
    expect(box.x).toBeGreaterThan(-0.05 * image.width);
    expect(box.x + box.w).toBeLessThan(1.05 * image.width);
  });

  it('finds faces that fill the frame, which SCRFD misses at full resolution', async () => {
    // A 1382x1868 portrait whose face is over 500 px wide, and a 150 px thumbnail enlarged for detection.
    for (const parts of [['small', 'deepface', 'person01', 'img1.jpg'], ['small', 'bbt_faceapijs', 'amy', 'amy1.png']]) {
      const image = await load(...parts);
      const faces = await detector.detect(image);
      expect(faces, parts.join('/')).toHaveLength(1);
      expectAnatomicalOrder(faces[0]!);
      expect(faces[0]!.box.w, parts.join('/')).toBeGreaterThan(0.25 * image.width);
    }
  });

  it('finds all 29 faces of the Solvay conference photo', async () => {
    const faces = await detector.detect(await load('groups', 'human_solvay1927.jpg'));
    expect(faces.length).toBeGreaterThanOrEqual(28);
    expect(faces.length).toBeLessThanOrEqual(30);
  });

  it('finds nothing in photos without faces', async () => {
    const dir = dataset('hard', 'no_face');
    for (const file of readdirSync(dir)) {
      const faces = await detector.detect(await load('hard', 'no_face', file));
      expect(faces, file).toHaveLength(0);
    }
  });
});
