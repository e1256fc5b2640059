import type { ConversionContext, Value } from './conversion-context.js';
import { ACTIVATION_OPS, activationOp } from './tf-ops-activation.js';
import { batchNorm, convolution, depthSpace, pooling, resize } from './tf-ops-conv.js';
import { broadcasting, squaredDifference, square, unary } from './tf-ops-elementwise.js';
import { matMul } from './tf-ops-matmul.js';
import { pad } from './tf-ops-pad.js';
import { reduce, softmax } from './tf-ops-reduce.js';
import { cast, concat, expandDims, identity, identityN, pack, reshape, shape, slice, squeeze, stridedSlice, transpose } from './tf-ops-shape.js';
import type { TfNode } from './tfjs-graph-model.js';

/** Converts one TF node; returns its outputs in order (node, node:1, ...). */
export type OpConverter = (node: TfNode, ctx: ConversionContext) => Value | Value[];

/** Every TF op the converter understands. Const and Placeholder are handled by the graph walker. */
export const TF_OP_TABLE: Readonly<Record<string, OpConverter>> = {
  Conv2D: convolution('conv'),
  _FusedConv2D: convolution('conv'),
  DepthwiseConv2dNative: convolution('depthwise'),
  FusedDepthwiseConv2dNative: convolution('depthwise'),
  MaxPool: pooling('MaxPool'),
  AvgPool: pooling('AveragePool'),
  FusedBatchNorm: batchNorm,
  FusedBatchNormV3: batchNorm,
  DepthToSpace: depthSpace('DepthToSpace'),
  SpaceToDepth: depthSpace('SpaceToDepth'),
  ResizeBilinear: resize('linear'),
  ResizeNearestNeighbor: resize('nearest'),
  Pad: pad,
  PadV2: pad,
  MirrorPad: pad,
  MatMul: matMul,
  _FusedMatMul: matMul,

  ...Object.fromEntries(ACTIVATION_OPS.map((op) => [op, activationOp])),
  Prelu: broadcasting('PRelu'),
  Add: broadcasting('Add'),
  AddV2: broadcasting('Add'),
  BiasAdd: broadcasting('Add'),
  AddN: broadcasting('Sum'),
  Sub: broadcasting('Sub'),
  Mul: broadcasting('Mul'),
  RealDiv: broadcasting('Div'),
  Div: broadcasting('Div'),
  Maximum: broadcasting('Max'),
  Minimum: broadcasting('Min'),
  Pow: broadcasting('Pow'),
  SquaredDifference: squaredDifference,
  Square: square,
  Sqrt: unary('Sqrt'),
  Rsqrt: unary('Sqrt', 'Reciprocal'),
  Reciprocal: unary('Reciprocal'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Abs: unary('Abs'),
  Neg: unary('Neg'),
  Floor: unary('Floor'),
  Softplus: unary('Softplus'),

  Mean: reduce('ReduceMean'),
  Sum: reduce('ReduceSum'),
  Max: reduce('ReduceMax'),
  Min: reduce('ReduceMin'),
  Prod: reduce('ReduceProd'),
  Softmax: softmax('Softmax'),
  LogSoftmax: softmax('LogSoftmax'),

  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  Transpose: transpose,
  ConcatV2: concat,
  Pack: pack,
  Shape: shape,
  StridedSlice: stridedSlice,
  Slice: slice,
  Cast: cast,
  Identity: identity,
  StopGradient: identity,
  IdentityN: identityN,
};
