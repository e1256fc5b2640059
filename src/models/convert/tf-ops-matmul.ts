import { transposeConst } from './const-tensor.js';
import type { ConversionContext, Value } from './conversion-context.js';
import { applyActivation } from './tf-ops-activation.js';
import { attrStrings } from './tf-attributes.js';
import type { TfNode } from './tfjs-graph-model.js';

/** MatMul and _FusedMatMul (bias, activation). Weights are constants, so transposes are folded into them. */
export function matMul(node: TfNode, ctx: ConversionContext): Value {
  const a = ctx.input(node, 0);
  const b = ctx.input(node, 1);
  const transposeA = node.attr.transpose_a?.b ?? false;
  const transposeB = node.attr.transpose_b?.b ?? false;
  let left = ctx.native(a, node.inputs[0]!);
  if (transposeA) left = ctx.builder.node('Transpose', [left], { perm: { kind: 'ints', value: [1, 0] } }, { hint: `${node.name}/a` });
  let right: string;
  if (b.constant) {
    right = ctx.builder.initializer(transposeB ? transposeConst(b.constant, [1, 0]) : b.constant, `${node.name}/weights`);
  } else {
    right = ctx.native(b, node.inputs[1]!);
    if (transposeB) right = ctx.builder.node('Transpose', [right], { perm: { kind: 'ints', value: [1, 0] } }, { hint: `${node.name}/b` });
  }
  let out = ctx.builder.node('MatMul', [left, right], {}, { hint: node.name });
  const [first, ...activations] = attrStrings(node, 'fused_ops');
  let argIndex = 2;
  if (first === 'BiasAdd') out = ctx.builder.node('Add', [out, ctx.native(ctx.input(node, argIndex++), `${node.name}/bias`)], {}, { hint: node.name });
  else if (first !== undefined) ctx.fail(node, `fuses unsupported op ${first}`);
  for (const activation of activations) {
    const alpha = activation === 'Prelu' ? ctx.native(ctx.input(node, argIndex++), `${node.name}/alpha`) : undefined;
    out = applyActivation(ctx, node, activation, out, alpha);
  }
  return { dtype: 'float32', rank: a.rank, names: { native: out } };
}
