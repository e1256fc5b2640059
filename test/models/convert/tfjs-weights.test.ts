import { describe, expect, it } from 'vitest';
import { decodeWeightGroup, halfToFloat } from '../../../src/models/convert/tfjs-weights.js';

describe('halfToFloat', () => {
  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x3555, 0.333251953125],
    [0x0001, 2 ** -24],
    [0x0000, 0],
  ])('decodes 0x%s', (bits, value) => {
    expect(halfToFloat(bits)).toBe(value);
  });

  it('decodes infinities and NaN', () => {
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe('decodeWeightGroup', () => {
  it('reads consecutive weights of mixed storage types', () => {
    const bytes = Buffer.alloc(4 * 2 + 2 * 2 + 3 + 4);
    bytes.writeFloatLE(1.5, 0);
    bytes.writeFloatLE(-2.25, 4);
    bytes.writeUInt16LE(0x3c00, 8);
    bytes.writeUInt16LE(0xc000, 10);
    bytes.set([0, 10, 255], 12);
    bytes.writeInt32LE(-7, 15);
    const weights = decodeWeightGroup(
      [
        { name: 'f32', shape: [2], dtype: 'float32' },
        { name: 'f16', shape: [2, 1], dtype: 'float32', quantization: { dtype: 'float16' } },
        { name: 'u8', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
        { name: 'i32', shape: [], dtype: 'int32' },
      ],
      bytes,
      'mixed',
    );
    expect(Array.from(weights.get('f32')!.data as Float32Array)).toEqual([1.5, -2.25]);
    expect(weights.get('f16')).toMatchObject({ dtype: 'float32', shape: [2, 1] });
    expect(Array.from(weights.get('f16')!.data as Float32Array)).toEqual([1, -2]);
    // uint8 affine quantisation: value = q * scale + min.
    expect(Array.from(weights.get('u8')!.data as Float32Array)).toEqual([-1, 4, 126.5]);
    expect(weights.get('i32')).toEqual({ dtype: 'int64', shape: [], data: [-7] });
  });

  it('names the model and the weight when the files are too short', () => {
    expect(() => decodeWeightGroup([{ name: 'big', shape: [4], dtype: 'float32' }], new Uint8Array(8), 'tiny-model')).toThrow(/tiny-model.*big/);
  });

  it('refuses string weights', () => {
    expect(() => decodeWeightGroup([{ name: 'labels', shape: [1], dtype: 'string' }], new Uint8Array(8), 'm')).toThrow(/unsupported dtype string/);
  });
});
