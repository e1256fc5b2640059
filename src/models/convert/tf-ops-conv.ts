import { reshapeConst, transposeConst, type ConstTensor } from './const-tensor.js';
import type { ConversionContext, Value } from './conversion-context.js';
import { int, ints, str, type OnnxAttr } from './onnx-graph-builder.js';
import { applyActivation } from './tf-ops-activation.js';
import { attrInt, attrInts, attrString, attrStrings } from './tf-attributes.js';
import type { TfNode } from './tfjs-graph-model.js';

type ConvKind = 'conv' | 'depthwise';

export const convolution = (kind: ConvKind) => (node: TfNode, ctx: ConversionContext): Value => {
  requireNhwc(node, ctx);
  const x = ctx.nchw(ctx.input(node, 0), node.inputs[0]!, node);
  const weights = ctx.builder.initializer(onnxFilter(ctx.constInput(node, 1), kind), `${node.name}/weights`);
  const fused = attrStrings(node, 'fused_ops');
  const [first, ...activations] = fused;
  const inputs = [x, weights];
  let argIndex = 2;
  if (first === 'BiasAdd') inputs.push(ctx.builder.initializer(ctx.constInput(node, argIndex++), `${node.name}/bias`));
  else if (first !== undefined) ctx.fail(node, `fuses unsupported op ${first}`);
  const filterShape = ctx.constInput(node, 1).shape;
  const attrs: Record<string, OnnxAttr> = {
    strides: ints(spatial(attrInts(node, 'strides', [1, 1, 1, 1]))),
    dilations: ints(spatial(attrInts(node, 'dilations', [1, 1, 1, 1]))),
    kernel_shape: ints([filterShape[0]!, filterShape[1]!]),
    ...padding(node),
  };
  if (kind === 'depthwise') attrs.group = int(filterShape[2]!);
  let out = ctx.builder.node('Conv', inputs, attrs, { hint: node.name });
  for (const activation of activations) {
    const alpha = activation === 'Prelu' ? ctx.nchw(ctx.input(node, argIndex++), `${node.name}/alpha`, node) : undefined;
    out = applyActivation(ctx, node, activation, out, alpha);
  }
  return { dtype: 'float32', rank: 4, names: { nchw: out } };
};

/** TF filters are [kh, kw, in, out] (conv) or [kh, kw, in, multiplier] (depthwise); ONNX wants [out, in/group, kh, kw]. */
function onnxFilter(filter: ConstTensor, kind: ConvKind): ConstTensor {
  if (kind === 'conv') return transposeConst(filter, [3, 2, 0, 1]);
  // Depthwise output channel c*multiplier+m comes from input channel c: order as [in, multiplier] then merge.
  const [kh, kw, cin, mult] = filter.shape as [number, number, number, number];
  return reshapeConst(transposeConst(filter, [2, 3, 0, 1]), [cin * mult, 1, kh, kw]);
}

export const pooling = (onnxOp: 'MaxPool' | 'AveragePool') => (node: TfNode, ctx: ConversionContext): Value => {
  requireNhwc(node, ctx);
  const x = ctx.nchw(ctx.input(node, 0), node.inputs[0]!, node);
  const out = ctx.builder.node(
    onnxOp,
    [x],
    {
      kernel_shape: ints(spatial(attrInts(node, 'ksize'))),
      strides: ints(spatial(attrInts(node, 'strides'))),
      // TF's SAME average pool divides by the number of real pixels, which is ONNX's count_include_pad=0 default.
      ...padding(node),
    },
    { hint: node.name },
  );
  return { dtype: 'float32', rank: 4, names: { nchw: out } };
};

/** Inference-mode batch normalisation (FusedBatchNorm*, outputs other than y are training statistics). */
export function batchNorm(node: TfNode, ctx: ConversionContext): Value {
  requireNhwc(node, ctx);
  const x = ctx.nchw(ctx.input(node, 0), node.inputs[0]!, node);
  const params = [1, 2, 3, 4].map((i) => ctx.builder.initializer(ctx.constInput(node, i), `${node.name}/bn${i}`));
  const epsilon = node.attr.epsilon?.f ?? 1e-3;
  const out = ctx.builder.node('BatchNormalization', [x, ...params], { epsilon: { kind: 'float', value: epsilon } }, { hint: node.name });
  return { dtype: 'float32', rank: 4, names: { nchw: out } };
}

export const depthSpace = (onnxOp: 'DepthToSpace' | 'SpaceToDepth') => (node: TfNode, ctx: ConversionContext): Value => {
  requireNhwc(node, ctx);
  const x = ctx.nchw(ctx.input(node, 0), node.inputs[0]!, node);
  // TF orders the moved block as (row, column, channel), which is ONNX's DCR mode.
  const attrs: Record<string, OnnxAttr> = { blocksize: int(attrInt(node, 'block_size')) };
  if (onnxOp === 'DepthToSpace') attrs.mode = str('DCR');
  return { dtype: 'float32', rank: 4, names: { nchw: ctx.builder.node(onnxOp, [x], attrs, { hint: node.name }) } };
};

export const resize = (mode: 'linear' | 'nearest') => (node: TfNode, ctx: ConversionContext): Value => {
  const x = ctx.nchw(ctx.input(node, 0), node.inputs[0]!, node);
  const size = ctx.constInput(node, 1);
  const b = ctx.builder;
  // ONNX wants all four output dims; batch and channels are copied from the input at run time.
  const batchAndChannels = b.node('Slice', [b.node('Shape', [x], {}, { hint: `${node.name}/shape` }), ctx.ints([0], 'zero'), ctx.ints([2], 'two')], {}, { hint: `${node.name}/nc` });
  const sizes = b.node('Concat', [batchAndChannels, ctx.ints(Array.from(size.data as ArrayLike<number>), `${node.name}/hw`)], { axis: int(0) }, { hint: `${node.name}/sizes` });
  const alignCorners = node.attr.align_corners?.b ?? false;
  const halfPixel = node.attr.half_pixel_centers?.b ?? false;
  const attrs: Record<string, OnnxAttr> = { mode: str(mode) };
  if (mode === 'linear') {
    attrs.coordinate_transformation_mode = str(alignCorners ? 'align_corners' : halfPixel ? 'half_pixel' : 'asymmetric');
  } else {
    attrs.coordinate_transformation_mode = str(alignCorners ? 'align_corners' : halfPixel ? 'tf_half_pixel_for_nn' : 'asymmetric');
    attrs.nearest_mode = str(alignCorners ? 'round_prefer_ceil' : 'floor');
  }
  return { dtype: 'float32', rank: 4, names: { nchw: b.node('Resize', [x, '', '', sizes], attrs, { hint: node.name }) } };
};

function padding(node: TfNode): Record<string, OnnxAttr> {
  const mode = attrString(node, 'padding', 'VALID');
  // TF's SAME puts the odd pixel after the image, as ONNX's SAME_UPPER does.
  if (mode === 'SAME') return { auto_pad: str('SAME_UPPER') };
  if (mode === 'VALID') return { pads: ints([0, 0, 0, 0]) };
  if (mode === 'EXPLICIT') {
    const p = attrInts(node, 'explicit_paddings');
    return { pads: ints([p[2]!, p[4]!, p[3]!, p[5]!]) };
  }
  throw new Error(`node ${node.name} (${node.op}) has unsupported padding ${mode}`);
}

/** [1, h, w, 1] from an NHWC attribute to ONNX's [h, w]. */
function spatial(values: number[]): number[] {
  return [values[1]!, values[2]!];
}

function requireNhwc(node: TfNode, ctx: ConversionContext): void {
  const format = attrString(node, 'data_format', 'NHWC');
  if (format !== 'NHWC') ctx.fail(node, `uses data_format ${format}; only NHWC graphs are supported`);
}
