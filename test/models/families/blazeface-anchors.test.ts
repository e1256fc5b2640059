import { describe, expect, it } from 'vitest';
import { BLAZEFACE_BACK_ANCHORS, BLAZEFACE_FULL_ANCHORS, generateAnchors } from '../../../src/models/families/blazeface-anchors.js';

describe('generateAnchors', () => {
  it('lays out blazeface-back as 16x16x2 then 8x8x6 cell centres', () => {
    const a = generateAnchors(BLAZEFACE_BACK_ANCHORS);
    expect(a.length / 2).toBe(896);
    expect([a[0], a[1], a[2], a[3]]).toEqual([8, 8, 8, 8]);
    expect([a[4], a[5]]).toEqual([24, 8]);
    // First stride-32 anchor follows the 512 stride-16 ones.
    expect([a[1024], a[1025]]).toEqual([16, 16]);
    expect([a[1790], a[1791]]).toEqual([240, 240]);
  });

  it('lays out the full-range model as 48x48 cells of stride 4', () => {
    const a = generateAnchors(BLAZEFACE_FULL_ANCHORS);
    expect(a.length / 2).toBe(2304);
    expect([a[0], a[1], a[2], a[3]]).toEqual([2, 2, 6, 2]);
    expect([a[4606], a[4607]]).toEqual([190, 190]);
  });
});
