import { toNumbers } from './const-tensor.js';
import { NCHW_AXIS_OF_NHWC, type ConversionContext, type Layout, type Value } from './conversion-context.js';
import { str } from './onnx-graph-builder.js';
import type { TfNode } from './tfjs-graph-model.js';

/** Pad, PadV2 (with a fill value) and MirrorPad (REFLECT only; ONNX has no SYMMETRIC mode). */
export function pad(node: TfNode, ctx: ConversionContext): Value {
  const x = ctx.input(node, 0);
  const paddings = toNumbers(ctx.constInput(node, 1));
  const rank = paddings.length / 2;
  const layout: Layout = ctx.isNchw(x) ? 'nchw' : 'native';
  const input = layout === 'nchw' ? x.names.nchw! : ctx.native(x, node.inputs[0]!);
  const before = new Array<number>(rank);
  const after = new Array<number>(rank);
  for (let axis = 0; axis < rank; axis++) {
    const target = layout === 'nchw' ? NCHW_AXIS_OF_NHWC[axis]! : axis;
    before[target] = paddings[2 * axis]!;
    after[target] = paddings[2 * axis + 1]!;
  }
  const inputs = [input, ctx.ints([...before, ...after], `${node.name}/pads`)];
  let mode = 'constant';
  if (node.op === 'PadV2') inputs.push(ctx.native(ctx.input(node, 2), `${node.name}/value`));
  if (node.op === 'MirrorPad') {
    const tfMode = node.attr.mode?.s ? Buffer.from(node.attr.mode.s, 'base64').toString() : 'REFLECT';
    if (tfMode !== 'REFLECT') ctx.fail(node, `uses unsupported mirror mode ${tfMode}`);
    mode = 'reflect';
  }
  const out = ctx.builder.node('Pad', inputs, { mode: str(mode) }, { hint: node.name });
  return { dtype: x.dtype, rank: x.rank, names: { [layout]: out } };
}
