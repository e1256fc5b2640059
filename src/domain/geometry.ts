import type { Box, Detection } from './types.js';

export function area(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

export function intersectionOverUnion(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.w, b.x + b.w);
  const y2 = Math.min(a.y + a.h, b.y + b.h);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = area(a) + area(b) - inter;
  return union <= 0 ? 0 : inter / union;
}

export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether two boxes share more than `share` of the smaller one. */
export function overlapsSmaller(a: Box, b: Box, share: number): boolean {
  return intersectionArea(a, b) > share * Math.min(area(a), area(b));
}

/**
 * The best-scored box of every group of boxes that share more than `share` of the smaller one: one face boxed twice
 * (shifted, or once whole and once in part) overlaps that much, while faces behind faces in a crowd overlap less.
 */
export function withoutDoubles<T extends Pick<Detection, 'box' | 'score'>>(found: readonly T[], share: number): T[] {
  const kept: T[] = [];
  for (const d of [...found].sort((a, b) => b.score - a.score)) if (kept.every((k) => !overlapsSmaller(k.box, d.box, share))) kept.push(d);
  return kept;
}

/** Greedy non-maximum suppression: keeps the best-scoring detection of every overlapping group. */
export function nonMaximumSuppression<T extends Pick<Detection, 'box' | 'score'>>(
  detections: readonly T[],
  iouThreshold: number,
): T[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const d of sorted) {
    if (kept.every((k) => intersectionOverUnion(k.box, d.box) <= iouThreshold)) kept.push(d);
  }
  return kept;
}

/** Clamps a box to the image and rounds it to whole pixels. */
export function clampBox(b: Box, width: number, height: number): Box {
  const x = Math.max(0, Math.min(width, Math.round(b.x)));
  const y = Math.max(0, Math.min(height, Math.round(b.y)));
  const x2 = Math.max(0, Math.min(width, Math.round(b.x + b.w)));
  const y2 = Math.max(0, Math.min(height, Math.round(b.y + b.h)));
  return { x, y, w: x2 - x, h: y2 - y };
}

export function boxCentre(b: Box): [number, number] {
  return [b.x + b.w / 2, b.y + b.h / 2];
}
