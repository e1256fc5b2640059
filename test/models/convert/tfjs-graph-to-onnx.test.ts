import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { alignFace } from '../../../src/domain/alignment.js';
import type { RgbImage } from '../../../src/domain/types.js';
import { humanModelJson } from '../../../src/models/convert/npm-model-paths.js';
import { readTfjsGraphModel } from '../../../src/models/convert/tfjs-graph-model.js';
import { convertTfjsGraph } from '../../../src/models/convert/tfjs-graph-to-onnx.js';
import { resizeRgb } from '../../../src/models/image-tensor.js';
import { loadRgb } from '../load-rgb.js';
import { loadTfjsGraphModel, runTfjs, useTfjsBackend } from './tfjs-reference.js';
import { FLOAT, placeholder, removeSyntheticModels, writeSyntheticModel } from './synthetic-graph.js';

const DATASETS = new URL('../../../../shared/datasets/', import.meta.url).pathname;
const PHOTOS = ['small/deepface/person01/img1.jpg', 'groups/human_group1.jpg'];

/**
 * Both runtimes compute in float32 but sum in different orders, so the error grows with the size of
 * the values: logits and box regressors reach a few hundred, descriptors stay below 1. The bound is
 * 1e-4 absolute plus 2e-6 of the output's largest magnitude (about 5e-4 for a value of 200).
 */
function expectClose(ours: Float32Array, reference: Float32Array): void {
  expect(ours.length).toBe(reference.length);
  let maxDiff = 0;
  let maxMagnitude = 0;
  for (let k = 0; k < ours.length; k++) {
    maxDiff = Math.max(maxDiff, Math.abs(ours[k]! - reference[k]!));
    maxMagnitude = Math.max(maxMagnitude, Math.abs(reference[k]!));
  }
  expect(maxDiff).toBeLessThanOrEqual(1e-4 + 2e-6 * maxMagnitude);
}

/** The whole photo squeezed into size x size, scaled by `scale` then shifted by `offset`, in NHWC. */
async function photoTensor(path: string, size: number, scale: number, offset: number): Promise<Float32Array> {
  const image = await resizeRgb(await loadRgb(path), size, size);
  return Float32Array.from(image.data, (v) => v * scale + offset);
}

async function compareWithTfjs(modelName: string, input: Float32Array, shape: number[]): Promise<void> {
  const path = humanModelJson(modelName);
  const { outputs } = await readTfjsGraphModel(path);
  const session = await ort.InferenceSession.create(await convertTfjsGraph(path));
  const ours = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, shape) });
  const reference = await runTfjs(await loadTfjsGraphModel(path), input, shape, outputs);
  expect([...session.outputNames].sort()).toEqual([...outputs].sort());
  for (const name of outputs) {
    expect(ours[name]!.dims.reduce((a, b) => a * b, 1)).toBe(reference.get(name)!.length);
    expectClose(ours[name]!.data as Float32Array, reference.get(name)!);
  }
}

describe('converted human-models graphs match TFJS on real photos', () => {
  beforeAll(() => useTfjsBackend('wasm'));

  it.each(PHOTOS)('blazeface-back on %s', async (photo) => {
    await compareWithTfjs('blazeface-back', await photoTensor(DATASETS + photo, 256, 1 / 127.5, -1), [1, 256, 256, 3]);
  });

  it.each(PHOTOS)('facemesh-detection-full on %s', async (photo) => {
    await compareWithTfjs('facemesh-detection-full', await photoTensor(DATASETS + photo, 192, 1 / 127.5, -1), [1, 192, 192, 3]);
  });

  it('faceres on two aligned faces in one batch', async () => {
    const faces: RgbImage[] = [];
    for (const name of ['Abel_Pacheco/Abel_Pacheco_0001.jpg', 'Alan_Greenspan/Alan_Greenspan_0001.jpg']) {
      // LFW photos are centred crops: a fixed template-ish box is enough to feed the graph a real face.
      const photo = await loadRgb(`${DATASETS}lfw/${name}`);
      faces.push(alignFace(photo, [[105, 115], [145, 115], [125, 140], [108, 165], [142, 165]], { size: 224, padding: 0.1 }));
    }
    const input = new Float32Array(2 * 224 * 224 * 3);
    faces.forEach((f, i) => input.set(f.data, i * 224 * 224 * 3));
    await compareWithTfjs('faceres', input, [2, 224, 224, 3]);
  });
});

describe('convertTfjsGraph errors', () => {
  afterAll(removeSyntheticModels);

  it('names the model, the node and the op it cannot convert', async () => {
    const path = await writeSyntheticModel('odd-model', [placeholder('x', [1, 4]), { name: 'weird', op: 'Cumprod', input: ['x'], attr: { T: FLOAT } }], [], ['weird']);
    await expect(convertTfjsGraph(path)).rejects.toThrow('odd-model: unsupported TF op Cumprod (node weird)');
  });

  it('names the model when a convolution filter is not a constant', async () => {
    const path = await writeSyntheticModel(
      'dynamic-filter',
      [placeholder('x', [1, 4, 4, 1]), placeholder('w', [1, 1, 1, 1]), { name: 'c', op: 'Conv2D', input: ['x', 'w'], attr: { T: FLOAT } }],
      [],
      ['c'],
    );
    await expect(convertTfjsGraph(path)).rejects.toThrow(/dynamic-filter: node c \(Conv2D\) needs input 1 \(w\) to be a constant/);
  });

  it('rejects a file that is not a graph model', async () => {
    const path = await writeSyntheticModel('layers', [], [], []);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, JSON.stringify({ format: 'layers-model', modelTopology: {} }));
    await expect(convertTfjsGraph(path)).rejects.toThrow(/layers: .* is not a TFJS graph model/);
  });
});
