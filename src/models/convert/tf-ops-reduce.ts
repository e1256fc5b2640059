import { toNumbers } from './const-tensor.js';
import { NCHW_AXIS_OF_NHWC, type ConversionContext, type Layout, type Value } from './conversion-context.js';
import { int, ints } from './onnx-graph-builder.js';
import type { TfNode } from './tfjs-graph-model.js';

/**
 * Mean/Sum/Max/Min/Prod over constant axes. An NCHW input is reduced in place when the dims that
 * survive come out in the same order as in NHWC (all kept, channels removed, or both H and W removed:
 * the global pooling case); otherwise it is transposed back first.
 */
export const reduce = (onnxOp: 'ReduceMean' | 'ReduceSum' | 'ReduceMax' | 'ReduceMin' | 'ReduceProd') => (node: TfNode, ctx: ConversionContext): Value => {
  const x = ctx.input(node, 0);
  const keepDims = node.attr.keep_dims?.b ?? false;
  const rank = x.rank;
  const axes = toNumbers(ctx.constInput(node, 1)).map((a) => (a < 0 && rank !== undefined ? a + rank : a));
  const layout: Layout = ctx.isNchw(x) && (keepDims || survivorsKeepOrder(axes)) ? 'nchw' : 'native';
  const input = layout === 'nchw' ? x.names.nchw! : ctx.native(x, node.inputs[0]!);
  const onnxAxes = layout === 'nchw' ? axes.map((a) => NCHW_AXIS_OF_NHWC[a]!) : axes;
  const keep = int(keepDims ? 1 : 0);
  // Opset 13 moved ReduceSum's axes (only) from an attribute to an input.
  const out = onnxOp === 'ReduceSum'
    ? ctx.builder.node(onnxOp, [input, ctx.ints(onnxAxes, `${node.name}/axes`)], { keepdims: keep }, { hint: node.name })
    : ctx.builder.node(onnxOp, [input], { axes: ints(onnxAxes), keepdims: keep }, { hint: node.name });
  const outRank = rank === undefined ? undefined : keepDims ? rank : rank - new Set(axes).size;
  const outLayout: Layout = layout === 'nchw' && keepDims ? 'nchw' : 'native';
  return { dtype: x.dtype, rank: outRank, names: { [outLayout]: out } };
};

function survivorsKeepOrder(axes: readonly number[]): boolean {
  const removed = new Set(axes);
  return removed.has(3) || (removed.has(1) && removed.has(2));
}

export function softmax(onnxOp: 'Softmax' | 'LogSoftmax') {
  return (node: TfNode, ctx: ConversionContext): Value => {
    const x = ctx.input(node, 0);
    // TF normalises over the last axis; with an NCHW input that is axis 1.
    const layout: Layout = ctx.isNchw(x) ? 'nchw' : 'native';
    const input = layout === 'nchw' ? x.names.nchw! : ctx.native(x, node.inputs[0]!);
    const out = ctx.builder.node(onnxOp, [input], { axis: int(layout === 'nchw' ? 1 : -1) }, { hint: node.name });
    return { dtype: x.dtype, rank: x.rank, names: { [layout]: out } };
  };
}
