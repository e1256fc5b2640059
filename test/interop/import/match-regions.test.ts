import { describe, expect, it } from 'vitest';
import { intersectionOverUnion } from '../../../src/domain/geometry.js';
import { MATCH_IOU, matchRegions } from '../../../src/interop/import/match-regions.js';
import type { NamedRegion } from '../../../src/interop/import/read-regions-types.js';
import { face } from './fixtures.js';

const W = 1000;
const H = 500;
const region = (name: string, box: { x: number; y: number; w: number; h: number }): NamedRegion => ({ name, box, format: 'mwg', file: 'f.xmp' });

describe('matchRegions', () => {
  it('scales the region to the photo and picks the face it overlaps best', () => {
    const left = face('f1', { x: 100, y: 100, w: 100, h: 100 });
    const right = face('f2', { x: 180, y: 100, w: 100, h: 100 });
    // In pixels 160..260 x 100..200: overlaps the right face more than the left one.
    const [m] = matchRegions([region('Ann', { x: 0.16, y: 0.2, w: 0.1, h: 0.2 })], [left, right], W, H);
    expect(m!.face?.id).toBe('f2');
    expect(m!.box).toEqual({ x: 160, y: 100, w: 100, h: 100 });
    expect(m!.iou).toBeCloseTo(intersectionOverUnion(m!.box, right.box), 12);
    expect(m!.iou).toBeGreaterThan(intersectionOverUnion(m!.box, left.box));
  });

  it('matches nothing when the best overlap is below MATCH_IOU, and matches at MATCH_IOU', () => {
    const only = face('f1', { x: 0, y: 0, w: 100, h: 100 });
    // A region of the same height sliding right: IoU = (100 - s) / (100 + s).
    const shiftFor = (iou: number) => (100 * (1 - iou)) / (1 + iou);
    const below = shiftFor(MATCH_IOU) + 1;
    const at = shiftFor(MATCH_IOU) - 1e-6;
    const [miss, hit] = matchRegions(
      [region('Far', { x: below / W, y: 0, w: 100 / W, h: 100 / H }), region('Near', { x: at / W, y: 0, w: 100 / W, h: 100 / H })],
      [only], W, H,
    );
    expect(miss!.face).toBeNull();
    expect(miss!.iou).toBeLessThan(MATCH_IOU);
    expect(miss!.iou).toBeGreaterThan(0);
    expect(hit!.face?.id).toBe('f1');
    expect(hit!.iou).toBeGreaterThanOrEqual(MATCH_IOU);
  });

  it('matches nothing on a photo without faces', () => {
    expect(matchRegions([region('Ann', { x: 0.1, y: 0.1, w: 0.2, h: 0.2 })], [], W, H)[0]!.face).toBeNull();
  });
});
