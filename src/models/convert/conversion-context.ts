import { constInts, reshapeConst, transposeConst, type ConstDtype, type ConstTensor } from './const-tensor.js';
import type { OnnxGraphBuilder } from './onnx-graph-builder.js';
import type { TfNode } from './tfjs-graph-model.js';

/**
 * ONNX convolutions want NCHW while TF graphs are NHWC. Rank-4 activations are kept in NCHW between
 * convolutions ('nchw'); everything else stays in TF's own order ('native'). A value converts lazily
 * and caches the other layout, so a chain of convolutions never transposes.
 */
export type Layout = 'nchw' | 'native';

/** Where an NHWC axis lands in NCHW. */
export const NCHW_AXIS_OF_NHWC = [0, 2, 3, 1] as const;
const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

export interface Value {
  dtype: ConstDtype;
  /** TF rank, when known; only rank-4 values can live in NCHW. */
  rank: number | undefined;
  /** A constant (not yet an initializer: it is materialised in whatever layout its consumer needs). */
  constant?: ConstTensor;
  /** Runtime tensor names per layout, filled on demand. */
  names: Partial<Record<Layout, string>>;
}

export function runtimeValue(name: string, layout: Layout, dtype: ConstDtype, rank: number | undefined): Value {
  return { dtype, rank, names: { [layout]: name } };
}

export function constantValue(t: ConstTensor): Value {
  return { dtype: t.dtype, rank: t.shape.length, constant: t, names: {} };
}

export class ConversionContext {
  constructor(
    readonly builder: OnnxGraphBuilder,
    readonly modelName: string,
    private readonly resolve: (tensor: string) => Value,
  ) {}

  input(node: TfNode, index: number): Value {
    const tensor = node.inputs[index];
    if (tensor === undefined) this.fail(node, `expects input ${index}`);
    return this.resolve(tensor);
  }

  inputs(node: TfNode): Value[] {
    return node.inputs.map((_, i) => this.input(node, i));
  }

  /** A constant input (filter, axes, paddings...); these graphs are frozen, so anything else is unsupported. */
  constInput(node: TfNode, index: number): ConstTensor {
    const v = this.input(node, index);
    if (!v.constant) this.fail(node, `needs input ${index} (${node.inputs[index]}) to be a constant`);
    return v.constant;
  }

  /** True when the value already exists in NCHW at run time: the cheap layout for it. */
  isNchw(v: Value): boolean {
    return v.names.nchw !== undefined && v.constant === undefined;
  }

  native(v: Value, hint: string): string {
    const cached = v.names.native;
    if (cached) return cached;
    const name = v.constant
      ? this.builder.initializer(v.constant, hint)
      : this.builder.node('Transpose', [v.names.nchw!], { perm: { kind: 'ints', value: NCHW_TO_NHWC } }, { hint: `${hint}/nhwc` });
    v.names.native = name;
    return name;
  }

  /**
   * The value in NCHW. A rank-4 runtime value is transposed; a constant of lower rank is first given
   * leading 1s so that it broadcasts against NCHW tensors the way it did against NHWC ones.
   */
  nchw(v: Value, hint: string, node: TfNode): string {
    const cached = v.names.nchw;
    if (cached) return cached;
    let name: string;
    if (v.constant) {
      const c = v.constant;
      if (c.shape.length > 4) this.fail(node, `cannot broadcast a rank-${c.shape.length} constant against an image tensor`);
      const rank4 = reshapeConst(c, [...new Array<number>(4 - c.shape.length).fill(1), ...c.shape]);
      name = this.builder.initializer(transposeConst(rank4, NHWC_TO_NCHW), `${hint}/nchw`);
    } else {
      if (v.rank !== 4) this.fail(node, `needs a rank-4 image tensor, got rank ${v.rank ?? 'unknown'}`);
      name = this.builder.node('Transpose', [v.names.native!], { perm: { kind: 'ints', value: NHWC_TO_NCHW } }, { hint: `${hint}/nchw` });
    }
    v.names.nchw = name;
    return name;
  }

  /** An int64 constant tensor as an initializer (axes, pads, shapes for ONNX inputs). */
  ints(values: readonly number[], hint: string): string {
    return this.builder.initializer(constInts(values), hint);
  }

  fail(node: TfNode, message: string): never {
    throw new Error(`${this.modelName}: node ${node.name} (${node.op}) ${message}`);
  }
}
