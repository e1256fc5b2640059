import { toNumbers, type ConstDtype } from './const-tensor.js';
import { NCHW_AXIS_OF_NHWC, type ConversionContext, type Value } from './conversion-context.js';
import { int, ints } from './onnx-graph-builder.js';
import { attrInt, attrInts, attrType } from './tf-attributes.js';
import { alignOperands } from './tf-ops-elementwise.js';
import type { TfNode } from './tfjs-graph-model.js';

/** ONNX Slice clamps out-of-range bounds, so this stands for "to the end" in either direction. */
const OPEN_END = Number.MAX_SAFE_INTEGER;

function nativeInput(node: TfNode, ctx: ConversionContext, index: number): { value: Value; name: string } {
  const value = ctx.input(node, index);
  return { value, name: ctx.native(value, node.inputs[index]!) };
}

function shapeInput(node: TfNode, ctx: ConversionContext, index: number): string {
  const v = ctx.input(node, index);
  return v.constant ? ctx.ints(toNumbers(v.constant), `${node.name}/shape`) : ctx.native(v, node.inputs[index]!);
}

function native(name: string, dtype: ConstDtype, rank: number | undefined): Value {
  return { dtype, rank, names: { native: name } };
}

export function reshape(node: TfNode, ctx: ConversionContext): Value {
  const x = nativeInput(node, ctx, 0);
  const shape = ctx.input(node, 1);
  const rank = shape.constant ? shape.constant.shape[0] : undefined;
  return native(ctx.builder.node('Reshape', [x.name, shapeInput(node, ctx, 1)], {}, { hint: node.name }), x.value.dtype, rank);
}

export function squeeze(node: TfNode, ctx: ConversionContext): Value {
  const x = nativeInput(node, ctx, 0);
  const axes = attrInts(node, 'squeeze_dims', attrInts(node, 'axis', []));
  const inputs = axes.length > 0 ? [x.name, ctx.ints(axes, `${node.name}/axes`)] : [x.name];
  const rank = axes.length > 0 && x.value.rank !== undefined ? x.value.rank - axes.length : undefined;
  return native(ctx.builder.node('Squeeze', inputs, {}, { hint: node.name }), x.value.dtype, rank);
}

export function expandDims(node: TfNode, ctx: ConversionContext): Value {
  const x = nativeInput(node, ctx, 0);
  // Negative axes count from the output's end in both TF and ONNX.
  const axes = toNumbers(ctx.constInput(node, 1));
  const rank = x.value.rank !== undefined ? x.value.rank + 1 : undefined;
  return native(ctx.builder.node('Unsqueeze', [x.name, ctx.ints(axes, `${node.name}/axes`)], {}, { hint: node.name }), x.value.dtype, rank);
}

export function transpose(node: TfNode, ctx: ConversionContext): Value {
  const x = nativeInput(node, ctx, 0);
  const perm = toNumbers(ctx.constInput(node, 1));
  return native(ctx.builder.node('Transpose', [x.name], { perm: ints(perm) }, { hint: node.name }), x.value.dtype, perm.length);
}

export function concat(node: TfNode, ctx: ConversionContext): Value {
  const n = node.inputs.length - 1;
  const values = node.inputs.slice(0, n).map((_, i) => ctx.input(node, i));
  let axis = toNumbers(ctx.constInput(node, n))[0]!;
  const { layout, names } = alignOperands(node, ctx, values);
  const rank = values.find((v) => v.rank !== undefined)?.rank;
  if (layout === 'nchw') axis = NCHW_AXIS_OF_NHWC[axis < 0 ? axis + 4 : axis]!;
  const out = ctx.builder.node('Concat', names, { axis: int(axis) }, { hint: node.name });
  return { dtype: values[0]!.dtype, rank, names: { [layout]: out } };
}

export function pack(node: TfNode, ctx: ConversionContext): Value {
  const axis = attrInt(node, 'axis', 0);
  const values = ctx.inputs(node);
  const axes = ctx.ints([axis], `${node.name}/axis`);
  const parts = values.map((v, i) => ctx.builder.node('Unsqueeze', [ctx.native(v, node.inputs[i]!), axes], {}, { hint: `${node.name}/part` }));
  const rank = values[0]!.rank !== undefined ? values[0]!.rank + 1 : undefined;
  return native(ctx.builder.node('Concat', parts, { axis: int(axis) }, { hint: node.name }), values[0]!.dtype, rank);
}

export function shape(node: TfNode, ctx: ConversionContext): Value {
  const x = ctx.input(node, 0);
  if (ctx.isNchw(x)) {
    // Report the NHWC shape the TF graph expects, not the NCHW one it runs in.
    const nchwShape = ctx.builder.node('Shape', [x.names.nchw!], {}, { hint: `${node.name}/nchw` });
    return native(ctx.builder.node('Gather', [nchwShape, ctx.ints([0, 2, 3, 1], `${node.name}/nhwc`)], { axis: int(0) }, { hint: node.name }), 'int64', 1);
  }
  return native(ctx.builder.node('Shape', [ctx.native(x, node.inputs[0]!)], {}, { hint: node.name }), 'int64', 1);
}

export function stridedSlice(node: TfNode, ctx: ConversionContext): Value {
  const x = nativeInput(node, ctx, 0);
  const begin = toNumbers(ctx.constInput(node, 1));
  const end = toNumbers(ctx.constInput(node, 2));
  const strides = toNumbers(ctx.constInput(node, 3));
  if (attrInt(node, 'ellipsis_mask', 0) || attrInt(node, 'new_axis_mask', 0)) ctx.fail(node, 'uses ellipsis or new-axis masks, which are unsupported');
  const beginMask = attrInt(node, 'begin_mask', 0);
  const endMask = attrInt(node, 'end_mask', 0);
  const shrinkMask = attrInt(node, 'shrink_axis_mask', 0);
  const starts: number[] = [], ends: number[] = [], axes: number[] = [], steps: number[] = [], shrunk: number[] = [];
  begin.forEach((b, i) => {
    const bit = 1 << i;
    const step = strides[i] ?? 1;
    axes.push(i);
    steps.push(step);
    if (shrinkMask & bit) {
      starts.push(b);
      ends.push(b === -1 ? OPEN_END : b + 1);
      steps[i] = 1;
      shrunk.push(i);
      return;
    }
    starts.push(beginMask & bit ? (step > 0 ? 0 : OPEN_END) : b);
    ends.push(endMask & bit ? (step > 0 ? OPEN_END : -OPEN_END) : end[i]!);
  });
  const h = node.name;
  let out = ctx.builder.node('Slice', [x.name, ctx.ints(starts, `${h}/starts`), ctx.ints(ends, `${h}/ends`), ctx.ints(axes, `${h}/axes`), ctx.ints(steps, `${h}/steps`)], {}, { hint: shrunk.length ? `${h}/slice` : h });
  if (shrunk.length) out = ctx.builder.node('Squeeze', [out, ctx.ints(shrunk, `${h}/shrink`)], {}, { hint: h });
  const rank = x.value.rank !== undefined ? x.value.rank - shrunk.length : undefined;
  return native(out, x.value.dtype, rank);
}

/** TF Slice: begin and size, where size -1 means "to the end". */
export function slice(node: TfNode, ctx: ConversionContext): Value {
  const x = nativeInput(node, ctx, 0);
  const begin = toNumbers(ctx.constInput(node, 1));
  const size = toNumbers(ctx.constInput(node, 2));
  const ends = size.map((s, i) => (s < 0 ? OPEN_END : begin[i]! + s));
  const axes = begin.map((_, i) => i);
  const h = node.name;
  return native(ctx.builder.node('Slice', [x.name, ctx.ints(begin, `${h}/starts`), ctx.ints(ends, `${h}/ends`), ctx.ints(axes, `${h}/axes`)], {}, { hint: h }), x.value.dtype, x.value.rank);
}

const CAST_TARGET: Record<string, { dtype: ConstDtype; onnx: number }> = {
  DT_FLOAT: { dtype: 'float32', onnx: 1 },
  // Integers run as int64 throughout: ONNX shape ops take nothing else.
  DT_INT32: { dtype: 'int64', onnx: 7 },
  DT_INT64: { dtype: 'int64', onnx: 7 },
  DT_BOOL: { dtype: 'bool', onnx: 9 },
};

export function cast(node: TfNode, ctx: ConversionContext): Value {
  const x = ctx.input(node, 0);
  const target = CAST_TARGET[attrType(node, 'DstT')];
  if (!target) ctx.fail(node, `casts to unsupported type ${attrType(node, 'DstT')}`);
  const layout = ctx.isNchw(x) ? 'nchw' : 'native';
  const input = layout === 'nchw' ? x.names.nchw! : ctx.native(x, node.inputs[0]!);
  return { dtype: target.dtype, rank: x.rank, names: { [layout]: ctx.builder.node('Cast', [input], { to: int(target.onnx) }, { hint: node.name }) } };
}

export function identity(node: TfNode, ctx: ConversionContext): Value {
  return ctx.input(node, 0);
}

/** IdentityN forwards each input to the output of the same index. */
export function identityN(node: TfNode, ctx: ConversionContext): Value[] {
  return ctx.inputs(node);
}
