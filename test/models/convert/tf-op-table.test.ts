import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { convertTfjsGraph } from '../../../src/models/convert/tfjs-graph-to-onnx.js';
import { loadTfjsGraphModel, runTfjs, useTfjsBackend } from './tfjs-reference.js';
import { b, f, FLOAT, i, INT32, ints, placeholder, pseudoRandom, removeSyntheticModels, s, strs, writeSyntheticModel, type SyntheticConst, type SyntheticNode } from './synthetic-graph.js';

/**
 * Ops and layout cases the shipped models do not exercise (channel-axis concat, reductions that must or
 * must not leave NCHW, resize, depth-to-space...), each compared with TFJS on one small graph.
 */
const nhwc = { data_format: s('NHWC') };
const C = (name: string, shape: number[], seed: number): SyntheticConst => ({ name, shape, values: pseudoRandom(shape.reduce((a, x) => a * x, 1), seed) });
const I = (name: string, shape: number[], values: number[]): SyntheticConst => ({ name, shape, values, dtype: 'int32' });

const consts: SyntheticConst[] = [
  C('w1', [3, 3, 3, 4], 1),
  C('b1', [4], 2),
  C('wd', [3, 3, 4, 2], 3),
  C('centre', [12], 4),
  { name: 'one', shape: [], values: [1] },
  C('alpha', [4], 6),
  C('wm', [12, 5], 7),
  C('bm', [5], 8),
  I('pads', [4, 2], [0, 0, 1, 0, 0, 2, 0, 0]),
  I('axis3', [], [3]),
  I('axesHW', [2], [1, 2]),
  I('axesC', [1], [-1]),
  I('size7', [2], [7, 7]),
  I('perm', [4], [0, 3, 1, 2]),
  I('flatShape', [2], [1, -1]),
  I('begin', [2], [0, 1]),
  I('end', [2], [1, 5]),
  I('strides', [2], [1, 1]),
  I('expandAxis', [], [1]),
];

const conv = (name: string, op: string, input: string[], padding: string, strides: number[], extra: Record<string, unknown> = {}): SyntheticNode => ({
  name, op, input, attr: { T: FLOAT, strides: ints(strides), padding: s(padding), dilations: ints([1, 1, 1, 1]), ...nhwc, ...extra },
});

const nodes: SyntheticNode[] = [
  placeholder('x', [1, 8, 8, 3]),
  conv('c1', 'Conv2D', ['x', 'w1'], 'SAME', [1, 2, 2, 1]),
  { name: 'c1b', op: 'BiasAdd', input: ['c1', 'b1'], attr: { T: FLOAT, ...nhwc } },
  { name: 'r6', op: 'Relu6', input: ['c1b'], attr: { T: FLOAT } },
  conv('dw', 'DepthwiseConv2dNative', ['r6', 'wd'], 'SAME', [1, 1, 1, 1]),
  { name: 'mp', op: 'MaxPool', input: ['r6'], attr: { T: FLOAT, ksize: ints([1, 2, 2, 1]), strides: ints([1, 2, 2, 1]), padding: s('SAME'), ...nhwc } },
  { name: 'ap', op: 'AvgPool', input: ['r6'], attr: { T: FLOAT, ksize: ints([1, 3, 3, 1]), strides: ints([1, 1, 1, 1]), padding: s('SAME'), ...nhwc } },
  { name: 'padded', op: 'Pad', input: ['ap', 'pads'], attr: { T: FLOAT } },
  { name: 'cat', op: 'ConcatV2', input: ['dw', 'ap', 'axis3'], attr: { T: FLOAT, N: i(2) } },
  { name: 'sqd', op: 'SquaredDifference', input: ['cat', 'centre'], attr: { T: FLOAT } },
  { name: 'sqd1', op: 'AddV2', input: ['sqd', 'one'], attr: { T: FLOAT } },
  { name: 'rs', op: 'Rsqrt', input: ['sqd1'], attr: { T: FLOAT } },
  { name: 'pooled', op: 'Mean', input: ['rs', 'axesHW'], attr: { T: FLOAT, keep_dims: b(false) } },
  { name: 'probs', op: 'Softmax', input: ['pooled'], attr: { T: FLOAT } },
  { name: 'meanC', op: 'Mean', input: ['cat', 'axesC'], attr: { T: FLOAT, keep_dims: b(true) } },
  { name: 'sumHW', op: 'Sum', input: ['cat', 'axesHW'], attr: { T: FLOAT, keep_dims: b(true) } },
  { name: 'resized', op: 'ResizeBilinear', input: ['cat', 'size7'], attr: { T: FLOAT, align_corners: b(false), half_pixel_centers: b(true) } },
  { name: 'd2s', op: 'DepthToSpace', input: ['cat'], attr: { T: FLOAT, block_size: i(2), ...nhwc } },
  { name: 'tr', op: 'Transpose', input: ['mp', 'perm'], attr: { T: FLOAT } },
  { name: 'flat', op: 'Reshape', input: ['mp', 'flatShape'], attr: { T: FLOAT } },
  { name: 'sliced', op: 'StridedSlice', input: ['flat', 'begin', 'end', 'strides'], attr: { T: FLOAT, Index: INT32, shrink_axis_mask: i(1), begin_mask: i(0), end_mask: i(0), ellipsis_mask: i(0), new_axis_mask: i(0) } },
  { name: 'expanded', op: 'ExpandDims', input: ['sliced', 'expandAxis'], attr: { T: FLOAT } },
  { name: 'dense', op: '_FusedMatMul', input: ['pooled', 'wm', 'bm'], attr: { T: FLOAT, transpose_a: b(false), transpose_b: b(false), fused_ops: strs(['BiasAdd', 'Relu']), num_args: i(1), epsilon: f(0) } },
  { name: 'prelu', op: 'Prelu', input: ['c1b', 'alpha'], attr: { T: FLOAT } },
  { name: 'leaky', op: 'LeakyRelu', input: ['c1b'], attr: { T: FLOAT, alpha: f(0.1) } },
];

const outputs = ['padded', 'probs', 'meanC', 'sumHW', 'resized', 'd2s', 'tr', 'expanded', 'dense', 'prelu', 'leaky'];

afterAll(removeSyntheticModels);

describe('TF op table against TFJS', () => {
  let onnxOut: ort.InferenceSession.OnnxValueMapType;
  let tfjsOut: Map<string, Float32Array>;

  beforeAll(async () => {
    const path = await writeSyntheticModel('op-zoo', nodes, consts, outputs);
    const input = Float32Array.from(pseudoRandom(8 * 8 * 3, 99));
    const session = await ort.InferenceSession.create(await convertTfjsGraph(path));
    onnxOut = await session.run({ x: new ort.Tensor('float32', input, [1, 8, 8, 3]) });
    await useTfjsBackend('wasm');
    tfjsOut = await runTfjs(await loadTfjsGraphModel(path), input, [1, 8, 8, 3], outputs);
  });

  it.each(outputs)('%s matches', (name) => {
    const ours = onnxOut[name]!.data as Float32Array;
    const reference = tfjsOut.get(name)!;
    expect(ours.length).toBe(reference.length);
    let maxDiff = 0;
    for (let k = 0; k < ours.length; k++) maxDiff = Math.max(maxDiff, Math.abs(ours[k]! - reference[k]!));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('keeps TF shapes on the outputs', () => {
    expect(onnxOut.padded!.dims).toEqual([1, 5, 6, 4]);
    expect(onnxOut.tr!.dims).toEqual([1, 4, 2, 2]);
    expect(onnxOut.d2s!.dims).toEqual([1, 8, 8, 3]);
    expect(onnxOut.expanded!.dims).toEqual([4, 1]);
  });
});

describe('StridedSlice with a step', () => {
  // TFJS mishandles a step next to a shrunk axis (wasm ignores it, cpu throws), so TF's documented
  // semantics are the reference here: x[0, 1:9:2].
  it('takes every second element and drops the shrunk axis', async () => {
    const path = await writeSyntheticModel(
      'strided',
      [
        placeholder('x', [1, 16]),
        { name: 'y', op: 'StridedSlice', input: ['x', 'begin', 'end', 'strides'], attr: { T: FLOAT, Index: INT32, shrink_axis_mask: i(1), begin_mask: i(0), end_mask: i(0), ellipsis_mask: i(0), new_axis_mask: i(0) } },
      ],
      [I('begin', [2], [0, 1]), I('end', [2], [1, 9]), I('strides', [2], [1, 2])],
      ['y'],
    );
    const session = await ort.InferenceSession.create(await convertTfjsGraph(path));
    const x = Float32Array.from({ length: 16 }, (_, k) => k);
    const { y } = await session.run({ x: new ort.Tensor('float32', x, [1, 16]) });
    expect(Array.from(y!.data as Float32Array)).toEqual([1, 3, 5, 7]);
    expect(y!.dims).toEqual([4]);
  });
});
