import type { ConversionContext, Layout, Value } from './conversion-context.js';
import type { TfNode } from './tfjs-graph-model.js';

/**
 * Puts broadcasting operands into one layout: NCHW when some operand already runs in NCHW and every
 * other one can follow (rank-4 tensors, or constants which get leading 1s), TF's own layout otherwise.
 */
export function alignOperands(node: TfNode, ctx: ConversionContext, values: readonly Value[]): { layout: Layout; names: string[] } {
  const anyNchw = values.some((v) => ctx.isNchw(v));
  const allCanFollow = values.every((v) => v.constant !== undefined || v.rank === 4);
  const layout: Layout = anyNchw && allCanFollow ? 'nchw' : 'native';
  const names = values.map((v, i) => {
    const hint = node.inputs[i]!;
    return layout === 'nchw' ? ctx.nchw(v, hint, node) : ctx.native(v, hint);
  });
  return { layout, names };
}

function resultRank(values: readonly Value[]): number | undefined {
  if (values.some((v) => v.rank === undefined)) return undefined;
  return Math.max(...values.map((v) => v.rank!));
}

/** A TF op that maps onto one broadcasting ONNX op (Add, Mul, Max, PRelu, Sum...). */
export const broadcasting = (onnxOp: string) => (node: TfNode, ctx: ConversionContext): Value => {
  const values = ctx.inputs(node);
  const { layout, names } = alignOperands(node, ctx, values);
  const out = ctx.builder.node(onnxOp, names, {}, { hint: node.name });
  return { dtype: values[0]!.dtype, rank: resultRank(values), names: { [layout]: out } };
};

export function squaredDifference(node: TfNode, ctx: ConversionContext): Value {
  const values = ctx.inputs(node);
  const { layout, names } = alignOperands(node, ctx, values);
  const diff = ctx.builder.node('Sub', names, {}, { hint: `${node.name}/diff` });
  const out = ctx.builder.node('Mul', [diff, diff], {}, { hint: node.name });
  return { dtype: values[0]!.dtype, rank: resultRank(values), names: { [layout]: out } };
}

/** A TF op that is a chain of unary ONNX ops and so keeps its input's layout (Rsqrt = Reciprocal of Sqrt). */
export const unary = (...onnxOps: string[]) => (node: TfNode, ctx: ConversionContext): Value => {
  const x = ctx.input(node, 0);
  const layout: Layout = ctx.isNchw(x) ? 'nchw' : 'native';
  let out = layout === 'nchw' ? x.names.nchw! : ctx.native(x, node.inputs[0]!);
  for (const op of onnxOps) out = ctx.builder.node(op, [out], {}, { hint: node.name });
  return { dtype: x.dtype, rank: x.rank, names: { [layout]: out } };
};

export function square(node: TfNode, ctx: ConversionContext): Value {
  const x = ctx.input(node, 0);
  const layout: Layout = ctx.isNchw(x) ? 'nchw' : 'native';
  const input = layout === 'nchw' ? x.names.nchw! : ctx.native(x, node.inputs[0]!);
  return { dtype: x.dtype, rank: x.rank, names: { [layout]: ctx.builder.node('Mul', [input, input], {}, { hint: node.name }) } };
}
