import { describe, expect, it } from 'vitest';
import { ARCFACE_TEMPLATE_112 } from '../../src/domain/alignment.js';
import type { Landmarks5, RgbImage } from '../../src/domain/types.js';
import { assessQuality, frontalness, laplacianVariance } from '../../src/pipeline/quality.js';

function checkerboard(size: number, cell: number): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.fill(((x / cell) ^ (y / cell)) & 1 ? 255 : 0, (y * size + x) * 3, (y * size + x) * 3 + 3);
  return { data, width: size, height: size };
}

describe('face quality', () => {
  it('rates a frontal face 1 and a turned face lower', () => {
    expect(frontalness(ARCFACE_TEMPLATE_112)).toBeGreaterThan(0.95);
    const turned = ARCFACE_TEMPLATE_112.map(([x, y], i) => (i === 2 ? [x + 20, y] : [x, y])) as unknown as Landmarks5;
    expect(frontalness(turned)).toBeLessThan(0.2);
  });

  it('rates a sharp crop sharper than a flat one', () => {
    const flat: RgbImage = { data: new Uint8Array(112 * 112 * 3).fill(128), width: 112, height: 112 };
    expect(laplacianVariance(flat)).toBe(0);
    expect(laplacianVariance(checkerboard(112, 4))).toBeGreaterThan(1000);
  });

  it('gives tiny faces a low overall score whatever else', () => {
    const crop = checkerboard(112, 4);
    const big = assessQuality({ x: 0, y: 0, w: 120, h: 140 }, ARCFACE_TEMPLATE_112, crop);
    const tiny = assessQuality({ x: 0, y: 0, w: 14, h: 16 }, ARCFACE_TEMPLATE_112, crop);
    expect(big.overall).toBeGreaterThan(0.9);
    expect(tiny.overall).toBe(0);
  });
});
