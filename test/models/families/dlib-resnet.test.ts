import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignFace } from '../../../src/domain/alignment.js';
import { cosineSimilarity } from '../../../src/domain/vector.js';
import { faceApiModelDir } from '../../../src/models/convert/npm-model-paths.js';
import { BlazefaceDetector } from '../../../src/models/families/blazeface.js';
import { DlibResnetEmbedder } from '../../../src/models/families/dlib-resnet.js';
import { buildDlibResnet, readFaceApiRecognitionWeights } from '../../../src/models/families/dlib-resnet-graph.js';
import { useTfjsBackend } from '../convert/tfjs-reference.js';
import { loadRgb } from '../load-rgb.js';
import { faceApiRecognitionReference } from './face-api-recognition-reference.js';
import { DATASETS, lfwPairFaces, type FacePair } from './lfw-pair-faces.js';

const INFERENCE = { executionProviders: ['cpu'], intraOpThreads: 1 };

describe('dlib ResNet graph built from face-api weights', () => {
  let input: Float32Array;
  let reference: Float32Array;
  let weights: Awaited<ReturnType<typeof readFaceApiRecognitionWeights>>;

  beforeAll(async () => {
    await useTfjsBackend('wasm');
    // Two real 150 px chips, batched.
    const chips = [];
    for (const name of ['Abel_Pacheco/Abel_Pacheco_0001.jpg', 'Alan_Greenspan/Alan_Greenspan_0001.jpg']) {
      chips.push(alignFace(await loadRgb(`${DATASETS}lfw/${name}`), [[100, 112], [150, 112], [125, 140], [104, 165], [146, 165]], { size: 150, padding: 0.2 }));
    }
    input = new Float32Array(2 * 150 * 150 * 3);
    chips.forEach((c, i) => input.set(c.data, i * 150 * 150 * 3));
    reference = await (await faceApiRecognitionReference(faceApiModelDir()))(input, 2);
    weights = await readFaceApiRecognitionWeights(faceApiModelDir());
  });

  async function run(flavour: 'dlib' | 'face-api'): Promise<Float32Array> {
    const session = await ort.InferenceSession.create(buildDlibResnet(weights, flavour));
    return (await session.run({ input: new ort.Tensor('float32', input, [2, 150, 150, 3]) })).embedding!.data as Float32Array;
  }

  it('matches face-api run by TFJS in the face-api flavour', async () => {
    const ours = await run('face-api');
    expect(ours).toHaveLength(256);
    let maxDiff = 0;
    for (let k = 0; k < ours.length; k++) maxDiff = Math.max(maxDiff, Math.abs(ours[k]! - reference[k]!));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('differs from face-api only a little in the dlib flavour (last block and input scale)', async () => {
    const ours = await run('dlib');
    const a = ours.slice(0, 128);
    const b = reference.slice(0, 128);
    const norm = (v: Float32Array) => Math.hypot(...v);
    let dot = 0;
    for (let k = 0; k < 128; k++) dot += a[k]! * b[k]!;
    const cosine = dot / (norm(a) * norm(b));
    expect(cosine).toBeGreaterThan(0.99);
    expect(cosine).toBeLessThan(1 - 1e-7);
  });
});

describe('DlibResnetEmbedder', () => {
  let embedder: DlibResnetEmbedder;
  let pairs: FacePair[];
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'facetag-models-'));
    embedder = await DlibResnetEmbedder.loadBuiltin(cacheDir, { crop: { size: 200, padding: 0.1 }, maxBatch: 4, flavour: 'dlib', flip: false }, INFERENCE);
    const detector = await BlazefaceDetector.loadBuiltin(cacheDir, { variant: 'back', scoreThreshold: 0.65, nmsIou: 0.3, tilesPerSide: 1 }, INFERENCE);
    pairs = await lfwPairFaces(detector, embedder.crop, 5);
  });

  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it('gives unit-length 128-d embeddings', async () => {
    const [e] = await embedder.embed([pairs[0]!.a]);
    expect(e).toHaveLength(128);
    expect(cosineSimilarity(e!, e!)).toBeCloseTo(1, 5);
  });

  it('scores every same-person LFW pair above every different-person pair', async () => {
    const similarities = [];
    for (const p of pairs) {
      const [a, b] = await embedder.embed([p.a, p.b]);
      similarities.push({ same: p.same, similarity: cosineSimilarity(a!, b!) });
    }
    const same = similarities.filter((s) => s.same).map((s) => s.similarity);
    const different = similarities.filter((s) => !s.same).map((s) => s.similarity);
    expect(Math.min(...same)).toBeGreaterThan(Math.max(...different));
  });

  it('adds the mirrored face when asked to', async () => {
    const flipping = await DlibResnetEmbedder.loadBuiltin(cacheDir, { crop: { size: 200, padding: 0.1 }, maxBatch: 4, flavour: 'dlib', flip: true }, INFERENCE);
    const [plain] = await embedder.embed([pairs[0]!.a]);
    const [flipped] = await flipping.embed([pairs[0]!.a]);
    const similarity = cosineSimilarity(plain!, flipped!);
    expect(similarity).toBeGreaterThan(0.95);
    expect(similarity).toBeLessThan(0.99999);
  });

  it('refuses a crop too tight to hold dlib\'s chip', async () => {
    await expect(DlibResnetEmbedder.loadBuiltin(cacheDir, { crop: { size: 200, padding: 0 }, maxBatch: 4, flavour: 'dlib', flip: false }, INFERENCE)).rejects.toThrow(/padding 0 does not contain/);
  });

  it('refuses faces of another size than its crop', async () => {
    await expect(embedder.embed([{ width: 150, height: 150, data: new Uint8Array(150 * 150 * 3) }])).rejects.toThrow(/200x200/);
  });
});
