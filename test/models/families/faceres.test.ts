import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../../../src/domain/vector.js';
import { BlazefaceDetector } from '../../../src/models/families/blazeface.js';
import { FaceresEmbedder } from '../../../src/models/families/faceres.js';
import { lfwPairFaces, type FacePair } from './lfw-pair-faces.js';

const INFERENCE = { executionProviders: ['cpu'], intraOpThreads: 1 };

describe('FaceresEmbedder (human-models faceres, converted)', () => {
  let embedder: FaceresEmbedder;
  let pairs: FacePair[];

  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'facetag-models-'));
    embedder = await FaceresEmbedder.loadBuiltin(cacheDir, { crop: { size: 224, padding: 0.1 }, maxBatch: 4 }, INFERENCE);
    const detector = await BlazefaceDetector.loadBuiltin(cacheDir, { variant: 'back', scoreThreshold: 0.65, nmsIou: 0.3, tilesPerSide: 1 }, INFERENCE);
    pairs = await lfwPairFaces(detector, embedder.crop, 5);
  });

  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('gives unit-length 1024-d embeddings', async () => {
    const [e] = await embedder.embed([pairs[0]!.a]);
    expect(e).toHaveLength(1024);
    expect(cosineSimilarity(e!, e!)).toBeCloseTo(1, 5);
  });

  it('scores every same-person LFW pair above every different-person pair', async () => {
    const similarities = await Promise.all(
      pairs.map(async (p) => {
        const [a, b] = await embedder.embed([p.a, p.b]);
        return { same: p.same, similarity: cosineSimilarity(a!, b!) };
      }),
    );
    const same = similarities.filter((s) => s.same).map((s) => s.similarity);
    const different = similarities.filter((s) => !s.same).map((s) => s.similarity);
    expect(Math.min(...same)).toBeGreaterThan(Math.max(...different));
  });

  it('gives the same embedding in a batch as alone', async () => {
    const faces = pairs.slice(0, 3).flatMap((p) => [p.a, p.b]);
    const batched = await embedder.embed(faces);
    const alone = await embedder.embed([faces[4]!]);
    expect(batched).toHaveLength(6);
    expect(cosineSimilarity(batched[4]!, alone[0]!)).toBeCloseTo(1, 5);
  });

  it('refuses faces of the wrong size', async () => {
    await expect(embedder.embed([{ width: 112, height: 112, data: new Uint8Array(112 * 112 * 3) }])).rejects.toThrow(/224x224/);
  });
});
