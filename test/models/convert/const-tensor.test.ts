import { describe, expect, it } from 'vitest';
import { reshapeConst, transposeConst } from '../../../src/models/convert/const-tensor.js';

describe('transposeConst', () => {
  it('moves axes like numpy.transpose', () => {
    // shape [2, 3]: [[0, 1, 2], [3, 4, 5]]
    const t = { dtype: 'float32' as const, shape: [2, 3], data: Float32Array.from([0, 1, 2, 3, 4, 5]) };
    const out = transposeConst(t, [1, 0]);
    expect(out.shape).toEqual([3, 2]);
    expect(Array.from(out.data as Float32Array)).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('turns an NHWC tensor into NCHW', () => {
    // 1 x 2 x 2 x 2, value = 10 * pixel + channel
    const t = { dtype: 'float32' as const, shape: [1, 2, 2, 2], data: Float32Array.from([0, 1, 10, 11, 20, 21, 30, 31]) };
    expect(Array.from(transposeConst(t, [0, 3, 1, 2]).data as Float32Array)).toEqual([0, 10, 20, 30, 1, 11, 21, 31]);
  });
});

describe('reshapeConst', () => {
  it('refuses a shape with another element count', () => {
    expect(() => reshapeConst({ dtype: 'int64', shape: [4], data: [1, 2, 3, 4] }, [3])).toThrow(/cannot reshape/);
  });
});
