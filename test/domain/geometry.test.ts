import { describe, expect, it } from 'vitest';
import { clampBox, intersectionOverUnion, nonMaximumSuppression } from '../../src/domain/geometry.js';

describe('intersectionOverUnion', () => {
  it('is 1 for identical boxes and 0 for disjoint ones', () => {
    const box = { x: 10, y: 10, w: 20, h: 20 };
    expect(intersectionOverUnion(box, box)).toBe(1);
    expect(intersectionOverUnion(box, { x: 40, y: 40, w: 5, h: 5 })).toBe(0);
  });

  it('computes a half overlap', () => {
    // 10x10 boxes shifted by 5: intersection 50, union 150
    expect(intersectionOverUnion({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 })).toBeCloseTo(1 / 3, 10);
  });
});

describe('nonMaximumSuppression', () => {
  it('keeps the best of overlapping detections and every separate one', () => {
    const kept = nonMaximumSuppression(
      [
        { box: { x: 0, y: 0, w: 10, h: 10 }, score: 0.7 },
        { box: { x: 1, y: 1, w: 10, h: 10 }, score: 0.9 },
        { box: { x: 50, y: 50, w: 10, h: 10 }, score: 0.6 },
      ],
      0.3,
    );
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.6]);
  });
});

describe('clampBox', () => {
  it('keeps a box inside the image', () => {
    expect(clampBox({ x: -5, y: 90, w: 20, h: 20 }, 100, 100)).toEqual({ x: 0, y: 90, w: 15, h: 10 });
  });
});
