/** A constant known at conversion time, in TensorFlow's logical layout (row-major, NHWC for images). */
export type ConstDtype = 'float32' | 'int64' | 'bool';

export interface ConstTensor {
  dtype: ConstDtype;
  shape: number[];
  /** int64 values are kept as plain numbers: in these graphs they are shapes, axes and paddings. */
  data: Float32Array | number[] | Uint8Array;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function constInts(values: readonly number[], shape: number[] = [values.length]): ConstTensor {
  return { dtype: 'int64', shape, data: [...values] };
}

export function constFloats(values: Float32Array, shape: number[]): ConstTensor {
  return { dtype: 'float32', shape, data: values };
}

/** The values as plain numbers, for reading axes, paddings and shapes. */
export function toNumbers(t: ConstTensor): number[] {
  return Array.from(t.data as ArrayLike<number>);
}

/** Row-major transpose: output axis i takes input axis perm[i]. */
export function transposeConst(t: ConstTensor, perm: readonly number[]): ConstTensor {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new Error(`permutation ${perm.join(',')} does not fit shape [${t.shape.join(',')}]`);
  const outShape = perm.map((p) => t.shape[p]!);
  const inStrides = stridesOf(t.shape);
  const count = elementCount(t.shape);
  const out = t.dtype === 'float32' ? new Float32Array(count) : t.dtype === 'bool' ? new Uint8Array(count) : new Array<number>(count);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < count; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += index[i]! * inStrides[perm[i]!]!;
    out[o] = (t.data as ArrayLike<number>)[src]!;
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i]! < outShape[i]!) break;
      index[i] = 0;
    }
  }
  return { dtype: t.dtype, shape: outShape, data: out };
}

export function reshapeConst(t: ConstTensor, shape: number[]): ConstTensor {
  if (elementCount(shape) !== elementCount(t.shape)) throw new Error(`cannot reshape [${t.shape.join(',')}] to [${shape.join(',')}]`);
  return { ...t, shape };
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}
