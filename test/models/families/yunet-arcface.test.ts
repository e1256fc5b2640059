import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { alignFace } from '../../../src/domain/alignment.js';
import { cosineSimilarity } from '../../../src/domain/vector.js';
import { ArcfaceEmbedder } from '../../../src/models/families/arcface.js';
import { YunetDetector } from '../../../src/models/families/yunet.js';
import { decodePhoto } from '../../../src/pipeline/decode.js';
import { dataset, SHARED_MODELS } from '../../support/shared.js';
import { join } from 'node:path';

const inference = { executionProviders: ['cpu'], intraOpThreads: 1 };
let detector: YunetDetector;
let embedder: ArcfaceEmbedder;

beforeAll(async () => {
  detector = await YunetDetector.load(join(SHARED_MODELS, 'yunet_2026may_dynamic.onnx'), { detectSize: 1280, minDetectSize: 640, scoreThreshold: 0.6, nmsIou: 0.3 }, inference);
  embedder = await ArcfaceEmbedder.load(
    join(SHARED_MODELS, 'w600k_mbf_int8.onnx'),
    { embeddingSize: 512, colour: 'rgb', mean: 127.5, std: 128, flip: false, maxBatch: 8 },
    inference,
  );
});

async function load(...parts: string[]) {
  return (await decodePhoto(readFileSync(dataset(...parts)), { analysisSize: 1280, maxPixels: 1e8 })).image;
}

async function embedLargestFace(...parts: string[]): Promise<Float32Array> {
  const image = await load(...parts);
  const faces = await detector.detect(image);
  expect(faces.length, parts.join('/')).toBeGreaterThan(0);
  const largest = faces.reduce((a, b) => (a.box.w * a.box.h >= b.box.w * b.box.h ? a : b));
  const [embedding] = await embedder.embed([alignFace(image, largest.landmarks, embedder.crop)]);
  return embedding!;
}

describe('YuNet detector', () => {
  it('finds one face with landmarks in anatomical order', async () => {
    const faces = await detector.detect(await load('small', 'deepface', 'person01', 'img2.jpg'));
    expect(faces).toHaveLength(1);
    const [face] = faces;
    const [leftEye, rightEye, nose, leftMouth, rightMouth] = face!.landmarks;
    expect(leftEye[0]).toBeLessThan(rightEye[0]);
    expect(nose[1]).toBeGreaterThan(Math.max(leftEye[1], rightEye[1]));
    expect(Math.min(leftMouth[1], rightMouth[1])).toBeGreaterThan(nose[1]);
    for (const [x, y] of face!.landmarks) {
      expect(x).toBeGreaterThan(face!.box.x);
      expect(x).toBeLessThan(face!.box.x + face!.box.w);
      expect(y).toBeGreaterThan(face!.box.y);
      expect(y).toBeLessThan(face!.box.y + face!.box.h);
    }
  });

  it('finds the face filling a 150 px close-up, which it misses once enlarged to 640 px (coarse second pass)', async () => {
    for (const parts of [['small', 'bbt_faceapijs', 'howard', 'howard1.png'], ['small', 'bbt_faceapijs', 'stuart', 'stuart5.png']]) {
      const image = await load(...parts);
      const faces = await detector.detect(image);
      expect(faces, parts.join('/')).toHaveLength(1);
      expect(faces[0]!.box.w, parts.join('/')).toBeGreaterThan(0.5 * image.width);
    }
  });

  it('boxes a large face once, though YuNet gives it a second shifted box just under the NMS overlap', async () => {
    // small/deepface img33 at the packs' 1920 px: two boxes of the 600 px face (IoU 0.29) before doubles were dropped.
    const at1920 = await YunetDetector.load(join(SHARED_MODELS, 'yunet_2026may_dynamic.onnx'), { detectSize: 1920, minDetectSize: 640, scoreThreshold: 0.6, nmsIou: 0.3 }, inference);
    const image = (await decodePhoto(readFileSync(dataset('small', 'deepface', 'person11', 'img33.jpg')), { analysisSize: 1920, maxPixels: 1e8 })).image;
    expect(await at1920.detect(image)).toHaveLength(1);
  });

  it('finds all 29 faces of the Solvay conference photo', async () => {
    const faces = await detector.detect(await load('groups', 'human_solvay1927.jpg'));
    expect(faces.length).toBeGreaterThanOrEqual(28);
    expect(faces.length).toBeLessThanOrEqual(30);
  });

  it('finds nothing in a photo without faces', async () => {
    const faces = await detector.detect(await load('hard', 'no_face', (await import('node:fs')).readdirSync(dataset('hard', 'no_face'))[0]!));
    expect(faces).toHaveLength(0);
  });
});

describe('ArcFace embedder', () => {
  it('gives unit-length embeddings that tell people apart', async () => {
    const a1 = await embedLargestFace('lfw', 'Abel_Pacheco', 'Abel_Pacheco_0001.jpg');
    const a2 = await embedLargestFace('lfw', 'Abel_Pacheco', 'Abel_Pacheco_0004.jpg');
    const b = await embedLargestFace('lfw', 'Adam_Sandler', 'Adam_Sandler_0001.jpg');
    expect(Math.hypot(...a1)).toBeCloseTo(1, 4);
    const same = cosineSimilarity(a1, a2);
    const different = cosineSimilarity(a1, b);
    expect(same).toBeGreaterThan(0.3);
    expect(different).toBeLessThan(0.2);
  });

  it('embeds a batch the same as one face at a time (fp32 model)', async () => {
    // The int8 w600k graph quantises activations per batch, so its pack runs faces one by one; fp32 models batch freely.
    const fp32 = await ArcfaceEmbedder.load(
      join(SHARED_MODELS, 'mobilefacenet_paddle_128.onnx'),
      { embeddingSize: 128, colour: 'bgr', mean: 127.5, std: 128, flip: false, maxBatch: 8 },
      inference,
    );
    const image = await load('groups', 'faceapijs_bbt1.jpg');
    const faces = await detector.detect(image);
    const aligned = faces.map((f) => alignFace(image, f.landmarks, embedder.crop));
    const batch = await fp32.embed(aligned);
    const single = await fp32.embed([aligned[1]!]);
    expect(cosineSimilarity(batch[1]!, single[0]!)).toBeGreaterThan(0.9999);
  });
});
