import { describe, expect, it } from 'vitest';
import { addBilinearRgb, alignFace, ARCFACE_TEMPLATE_112, templateFor } from '../../src/domain/alignment.js';
import type { Landmarks5, RgbImage } from '../../src/domain/types.js';

/** A synthetic image with a bright 3x3 dot at every given point, so we can see where alignment puts them. */
function dotsImage(width: number, height: number, points: readonly (readonly [number, number])[]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (const [px, py] of points) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const x = Math.round(px) + dx, y = Math.round(py) + dy;
        data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    }
  }
  return { data, width, height };
}

function brightestNear(image: RgbImage, x: number, y: number, radius: number): [number, number] {
  let best = -1, bx = 0, by = 0;
  for (let yy = Math.max(0, Math.round(y) - radius); yy <= Math.min(image.height - 1, Math.round(y) + radius); yy++) {
    for (let xx = Math.max(0, Math.round(x) - radius); xx <= Math.min(image.width - 1, Math.round(x) + radius); xx++) {
      const v = image.data[(yy * image.width + xx) * 3]!;
      if (v > best) { best = v; bx = xx; by = yy; }
    }
  }
  return [bx, by];
}

describe('alignFace', () => {
  it('moves rotated, scaled landmarks onto the ArcFace template', () => {
    const angle = -0.4, scale = 2.5;
    const landmarks = ARCFACE_TEMPLATE_112.map(([x, y]) => {
      const cx = x - 56, cy = y - 56;
      return [300 + scale * (Math.cos(angle) * cx - Math.sin(angle) * cy), 200 + scale * (Math.sin(angle) * cx + Math.cos(angle) * cy)] as const;
    }) as unknown as Landmarks5;
    const image = dotsImage(600, 400, landmarks);
    const aligned = alignFace(image, landmarks, { size: 112, padding: 0 });
    expect(aligned.width).toBe(112);
    for (const [tx, ty] of ARCFACE_TEMPLATE_112) {
      const [fx, fy] = brightestNear(aligned, tx, ty, 3);
      expect(Math.abs(fx - tx)).toBeLessThanOrEqual(1);
      expect(Math.abs(fy - ty)).toBeLessThanOrEqual(1);
    }
  });

  it('fills what lies outside the photo with black', () => {
    const image: RgbImage = { data: new Uint8Array(8 * 8 * 3).fill(200), width: 8, height: 8 };
    const landmarks = ARCFACE_TEMPLATE_112.map(([x, y]) => [x * 0.1, y * 0.1] as const) as unknown as Landmarks5;
    const aligned = alignFace(image, landmarks, { size: 112, padding: 0 });
    expect(aligned.data[(100 * 112 + 100) * 3]).toBe(0);
    expect(aligned.data[(56 * 112 + 56) * 3]).toBe(200);
  });

  it('scales the template into padded crops', () => {
    const t = templateFor({ size: 224, padding: 0.25 });
    // inner 224/1.5 = 149.33, offset 37.33, scale 1.3333
    expect(t[0]![0]).toBeCloseTo(38.2946 * (149.3333 / 112) + 37.3333, 2);
  });
});

describe('addBilinearRgb', () => {
  // A 2x2 image whose channels differ: red grows to the right, green grows down, blue is constant.
  const image: RgbImage = { data: Uint8Array.from([0, 0, 50, 100, 0, 50, 0, 200, 50, 100, 200, 50]), width: 2, height: 2 };

  it('interpolates each channel between the four neighbours and adds to the sum', () => {
    const sum = Float64Array.from([1, 2, 3]);
    addBilinearRgb(image, 0.25, 0.5, sum);
    expect([...sum]).toEqual([1 + 25, 2 + 100, 3 + 50]);
  });

  it('treats pixels outside the image as black', () => {
    const sum = new Float64Array(3);
    // Half a pixel left of the image: half of the left column's values.
    addBilinearRgb(image, -0.5, 0, sum);
    expect([...sum]).toEqual([0, 0, 25]);
    const far = new Float64Array(3);
    addBilinearRgb(image, 5, -3, far);
    expect([...far]).toEqual([0, 0, 0]);
  });
});
