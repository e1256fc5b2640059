import { attrFloat } from './tf-attributes.js';
import type { ConversionContext, Value } from './conversion-context.js';
import { float } from './onnx-graph-builder.js';
import type { TfNode } from './tfjs-graph-model.js';

/**
 * Applies a TF activation (standalone or fused into a convolution/matmul) to a runtime tensor that is
 * already in its final layout. `alpha` is Prelu's slope, already laid out like `input`.
 */
export function applyActivation(ctx: ConversionContext, node: TfNode, activation: string, input: string, alpha?: string): string {
  const b = ctx.builder;
  const hint = { hint: node.name };
  switch (activation) {
    case 'Relu': return b.node('Relu', [input], {}, hint);
    case 'Sigmoid': return b.node('Sigmoid', [input], {}, hint);
    case 'Tanh': return b.node('Tanh', [input], {}, hint);
    case 'Elu': return b.node('Elu', [input], { alpha: float(1) }, hint);
    case 'Relu6': return b.node('Clip', [input, scalar(ctx, 0, node), scalar(ctx, 6, node)], {}, hint);
    // TF's default LeakyRelu slope is 0.2 (ONNX's is 0.01), so the attribute must always be written.
    case 'LeakyRelu': return b.node('LeakyRelu', [input], { alpha: float(attrFloat(node, 'leakyrelu_alpha', attrFloat(node, 'alpha', 0.2))) }, hint);
    case 'Prelu':
      if (!alpha) ctx.fail(node, 'fuses Prelu without its alpha argument');
      return b.node('PRelu', [input, alpha], {}, hint);
    default:
      return ctx.fail(node, `uses unsupported activation ${activation}`);
  }
}

function scalar(ctx: ConversionContext, value: number, node: TfNode): string {
  return ctx.builder.initializer({ dtype: 'float32', shape: [], data: Float32Array.of(value) }, `${node.name}/clip${value}`);
}

export const ACTIVATION_OPS = ['Relu', 'Relu6', 'Sigmoid', 'Tanh', 'Elu', 'LeakyRelu'] as const;

/** A standalone activation keeps whatever layout its input has. */
export function activationOp(node: TfNode, ctx: ConversionContext): Value {
  const x = ctx.input(node, 0);
  const layout = ctx.isNchw(x) ? 'nchw' : 'native';
  const input = layout === 'nchw' ? x.names.nchw! : ctx.native(x, node.inputs[0]!);
  const out = applyActivation(ctx, node, node.op, input);
  return { dtype: x.dtype, rank: x.rank, names: { [layout]: out } };
}
