import { describe, expect, it } from 'vitest';
import { writePlanar } from '../../src/models/image-tensor.js';
import type { RgbImage } from '../../src/domain/types.js';

// Two pixels: (10, 20, 30) and (40, 50, 60).
const image: RgbImage = { data: Uint8Array.from([10, 20, 30, 40, 50, 60]), width: 2, height: 1 };

describe('writePlanar', () => {
  it('writes normalised planes in the asked channel order', () => {
    const rgb = new Float32Array(6);
    writePlanar(image, rgb, 0, { width: 2, height: 1 }, { mean: 10, std: 2, order: 'rgb' });
    expect([...rgb]).toEqual([0, 15, 5, 20, 10, 25]);
    const bgr = new Float32Array(6);
    writePlanar(image, bgr, 0, { width: 2, height: 1 }, { mean: 0, std: 1, order: 'bgr' });
    expect([...bgr]).toEqual([30, 60, 20, 50, 10, 40]);
  });

  it('pads the rest of a larger plane with black, whatever the buffer held before', () => {
    // A reused buffer: old values everywhere, and an offset (the second image of a batch).
    const target = new Float32Array(2 + 3 * 3 * 2).fill(99);
    writePlanar(image, target, 2, { width: 3, height: 2 }, { mean: 127.5, std: 128, order: 'rgb' });
    const black = -127.5 / 128;
    const red = [...target.subarray(2, 8)];
    expect(red).toEqual([(10 - 127.5) / 128, (40 - 127.5) / 128, black, black, black, black]);
    const blue = [...target.subarray(14, 20)];
    expect(blue).toEqual([(30 - 127.5) / 128, (60 - 127.5) / 128, black, black, black, black].map(Math.fround));
    expect(target[0]).toBe(99);
  });

  it('refuses an image larger than the plane', () => {
    expect(() => writePlanar(image, new Float32Array(3), 0, { width: 1, height: 1 }, { mean: 0, std: 1, order: 'rgb' })).toThrow(/does not fit/);
  });
});
