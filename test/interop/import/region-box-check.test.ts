import { describe, expect, it } from 'vitest';
import { checkRegionBox } from '../../../src/interop/import/region-box-check.js';

describe('checkRegionBox (whether a region may become a face)', () => {
  it('keeps a region inside the photo, cut to whole pixels', () => {
    expect(checkRegionBox({ x: 10.4, y: 20.6, w: 30, h: 40 }, 200, 100, 8)).toEqual({ box: { x: 10, y: 21, w: 30, h: 40 } });
  });

  it('cuts a region that reaches a little over the edge to the photo', () => {
    expect(checkRegionBox({ x: 180, y: 0, w: 30, h: 30 }, 200, 100, 8)).toEqual({ box: { x: 180, y: 0, w: 20, h: 30 } });
  });

  it('refuses a region mostly outside the photo, saying so', () => {
    const check = checkRegionBox({ x: 190, y: 10, w: 30, h: 30 }, 200, 100, 8);
    expect(check).toEqual({ reason: 'region is outside the photo (30x30 px at 190,10 on a 200x100 photo)' });
  });

  it('refuses a region smaller than the scan keeps, with the limit', () => {
    const check = checkRegionBox({ x: 10, y: 10, w: 20, h: 7 }, 200, 100, 8);
    expect(check).toEqual({ reason: 'region is too small for a face (20x7 px at 10,10; faces under 8 px are ignored)' });
  });
});
