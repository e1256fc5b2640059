import { describe, expect, it } from 'vitest';
import { applySimilarity, estimateSimilarity, invertSimilarity, similarityScale } from '../../src/domain/similarity-transform.js';
import type { Point } from '../../src/domain/types.js';

describe('estimateSimilarity', () => {
  const from: Point[] = [[10, 20], [50, 22], [30, 40], [15, 60], [45, 61]];

  it('recovers a known rotation, scale and shift exactly', () => {
    const angle = 0.3, scale = 1.7;
    const truth = { a: scale * Math.cos(angle), b: scale * Math.sin(angle), tx: 12, ty: -7 };
    const to = from.map((p) => applySimilarity(truth, p));
    const found = estimateSimilarity(from, to);
    expect(found.a).toBeCloseTo(truth.a, 10);
    expect(found.b).toBeCloseTo(truth.b, 10);
    expect(found.tx).toBeCloseTo(truth.tx, 10);
    expect(found.ty).toBeCloseTo(truth.ty, 10);
    expect(similarityScale(found)).toBeCloseTo(scale, 10);
  });

  it('inverts', () => {
    const t = estimateSimilarity(from, from.map(([x, y]) => [2 * x + 3, 2 * y - 1] as Point));
    const back = invertSimilarity(t);
    const p = applySimilarity(back, applySimilarity(t, [7, 9]));
    expect(p[0]).toBeCloseTo(7, 10);
    expect(p[1]).toBeCloseTo(9, 10);
  });

  it('refuses degenerate input', () => {
    expect(() => estimateSimilarity([[1, 1], [1, 1]], [[0, 0], [1, 1]])).toThrow(/one point/);
    expect(() => estimateSimilarity([[1, 1]], [[0, 0]])).toThrow(/at least two/);
  });
});
