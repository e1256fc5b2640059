import { describe, expect, it } from 'vitest';
import { COARSE_PASS_MIN_FACE, detectionScales, LARGEST_FACE } from '../../../src/models/families/scrfd-scales.js';

describe('SCRFD detection scales', () => {
  it('needs one pass when the whole photo is no bigger than the largest face SCRFD finds', () => {
    expect(detectionScales(1, 240)).toEqual([1]);
    expect(detectionScales(0.5, 500)).toEqual([0.5]);
  });

  it('adds a coarse pass that brings the short side down to the largest findable face', () => {
    // An LFW crop (250 px) enlarged to 640: the face filling it would be about 360 px, too big.
    const scales = detectionScales(640 / 250, 250);
    expect(scales).toHaveLength(2);
    expect(250 * scales[1]!).toBeCloseTo(LARGEST_FACE, 6);
  });

  it('steps down at most fourfold per pass, so each pass overlaps the face sizes of the one before', () => {
    const scales = detectionScales(1, 8192);
    expect(scales[0]).toBe(1);
    for (let i = 1; i < scales.length; i++) expect(scales[i - 1]! / scales[i]!).toBeLessThanOrEqual(4 + 1e-9);
    expect(8192 * scales.at(-1)!).toBeCloseTo(LARGEST_FACE, 6);
    // Faces a coarse pass keeps start at half the largest size the finer pass finds.
    expect(COARSE_PASS_MIN_FACE).toBeLessThan(LARGEST_FACE);
  });
});
