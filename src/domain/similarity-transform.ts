import type { Point } from './types.js';

/**
 * A 2D similarity transform (rotation, uniform scale, translation) as the affine matrix
 * [a -b tx; b a ty]: x' = a x - b y + tx, y' = b x + a y + ty.
 */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/**
 * Least-squares similarity transform that maps `from` onto `to` (Umeyama's method without reflection).
 * Used to warp detected landmarks onto the recogniser's template.
 */
export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): Similarity {
  const n = from.length;
  if (n !== to.length || n < 2) throw new Error(`need at least two matching point pairs, got ${n} and ${to.length}`);
  let mfx = 0, mfy = 0, mtx = 0, mty = 0;
  for (let i = 0; i < n; i++) {
    mfx += from[i]![0]; mfy += from[i]![1];
    mtx += to[i]![0]; mty += to[i]![1];
  }
  mfx /= n; mfy /= n; mtx /= n; mty /= n;
  // For a similarity without reflection the closed form reduces to two sums.
  let sxx = 0, sxy = 0, varFrom = 0;
  for (let i = 0; i < n; i++) {
    const fx = from[i]![0] - mfx, fy = from[i]![1] - mfy;
    const tx = to[i]![0] - mtx, ty = to[i]![1] - mty;
    sxx += fx * tx + fy * ty;
    sxy += fx * ty - fy * tx;
    varFrom += fx * fx + fy * fy;
  }
  if (varFrom === 0) throw new Error('landmarks are all at one point');
  const a = sxx / varFrom;
  const b = sxy / varFrom;
  return { a, b, tx: mtx - (a * mfx - b * mfy), ty: mty - (b * mfx + a * mfy) };
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return [t.a * p[0] - t.b * p[1] + t.tx, t.b * p[0] + t.a * p[1] + t.ty];
}

export function invertSimilarity(t: Similarity): Similarity {
  const det = t.a * t.a + t.b * t.b;
  if (det === 0) throw new Error('transform is not invertible');
  const a = t.a / det;
  const b = -t.b / det;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

export function similarityScale(t: Similarity): number {
  return Math.hypot(t.a, t.b);
}
