/**
 * Inference time of the built-in models: onnxruntime (converted graphs) against TFJS-WASM (the
 * original graphs, or face-api's network for dlib's ResNet), on the same real inputs, with the
 * largest output difference between the two.
 *
 *   npx tsx bench/builtin-pack-speed.ts [--runs 30] [--threads 1,2]
 */
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { alignFace } from '../src/domain/alignment.js';
import type { Landmarks5 } from '../src/domain/types.js';
import { resizeRgb } from '../src/models/image-tensor.js';
import { faceApiModelDir, humanModelJson } from '../src/models/convert/npm-model-paths.js';
import { readTfjsGraphModel } from '../src/models/convert/tfjs-graph-model.js';
import { convertTfjsGraph } from '../src/models/convert/tfjs-graph-to-onnx.js';
import { buildDlibResnet, readFaceApiRecognitionWeights } from '../src/models/families/dlib-resnet-graph.js';
import { loadTfjsGraphModel, runTfjs, useTfjsBackend } from '../test/models/convert/tfjs-reference.js';
import { faceApiRecognitionReference } from '../test/models/families/face-api-recognition-reference.js';
import { loadRgb } from '../test/models/load-rgb.js';

const { values: args } = parseArgs({
  options: {
    datasets: { type: 'string', default: '../shared/datasets' },
    runs: { type: 'string', default: '30' },
    threads: { type: 'string', default: '1,2' },
  },
});
const runs = Number(args.runs);
await useTfjsBackend('wasm');

const photo = await loadRgb(`${args.datasets}/small/deepface/person01/img1.jpg`);
const lfw = await loadRgb(`${args.datasets}/lfw/Abel_Pacheco/Abel_Pacheco_0001.jpg`);
const lfwLandmarks: Landmarks5 = [[105, 115], [145, 115], [125, 140], [108, 165], [142, 165]];

async function pixels(size: number, scale: number, offset: number): Promise<Float32Array> {
  return Float32Array.from((await resizeRgb(photo, size, size)).data, (v) => v * scale + offset);
}

interface Case {
  name: string;
  onnx: Uint8Array;
  input: Float32Array;
  shape: number[];
  outputs: string[];
  tfjs: () => Promise<Float32Array[]>;
}

const cases: Case[] = [];
for (const [model, size] of [['blazeface-back', 256], ['facemesh-detection-full', 192]] as const) {
  const input = await pixels(size, 1 / 127.5, -1);
  const graph = await loadTfjsGraphModel(humanModelJson(model));
  const { outputs } = await readTfjsGraphModel(humanModelJson(model));
  cases.push({ name: model, onnx: await convertTfjsGraph(humanModelJson(model)), input, shape: [1, size, size, 3], outputs, tfjs: async () => [...(await runTfjs(graph, input, [1, size, size, 3], outputs)).values()] });
}
{
  const input = Float32Array.from(alignFace(lfw, lfwLandmarks, { size: 224, padding: 0.1 }).data);
  const graph = await loadTfjsGraphModel(humanModelJson('faceres'));
  const outputs = ['global_pooling/Mean'];
  cases.push({ name: 'faceres', onnx: await convertTfjsGraph(humanModelJson('faceres')), input, shape: [1, 224, 224, 3], outputs, tfjs: async () => [...(await runTfjs(graph, input, [1, 224, 224, 3], outputs)).values()] });
}
{
  const input = Float32Array.from(alignFace(lfw, lfwLandmarks, { size: 150, padding: 0.2 }).data);
  const reference = await faceApiRecognitionReference(faceApiModelDir());
  const onnx = buildDlibResnet(await readFaceApiRecognitionWeights(faceApiModelDir()), 'face-api');
  cases.push({ name: 'dlib-resnet (face-api)', onnx, input, shape: [1, 150, 150, 3], outputs: ['embedding'], tfjs: async () => [await reference(input, 1)] });
}

for (const c of cases) {
  let tfjsOut: Float32Array[] = [];
  const tfjsMs = await median(async () => {
    tfjsOut = await c.tfjs();
  });
  const line = [`${c.name}: tfjs-wasm ${tfjsMs.toFixed(1)} ms`];
  for (const threads of args.threads.split(',').map(Number)) {
    const session = await ort.InferenceSession.create(c.onnx, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    let ortOut: ort.InferenceSession.OnnxValueMapType = {};
    const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', c.input, c.shape) };
    const ms = await median(async () => {
      ortOut = await session.run(feeds, c.outputs);
    });
    let maxDiff = 0;
    let maxMagnitude = 0;
    c.outputs.forEach((name, k) => {
      const ours = ortOut[name]!.data as Float32Array;
      for (let i = 0; i < ours.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - tfjsOut[k]![i]!));
        maxMagnitude = Math.max(maxMagnitude, Math.abs(tfjsOut[k]![i]!));
      }
    });
    line.push(`ort ${threads} thread${threads > 1 ? 's' : ''} ${ms.toFixed(1)} ms (max diff ${maxDiff.toExponential(1)}, outputs up to ${maxMagnitude.toPrecision(3)})`);
  }
  console.log(line.join(', '));
}

async function median(fn: () => Promise<void>): Promise<number> {
  for (let k = 0; k < 3; k++) await fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}
