import { describe, expect, it } from 'vitest';
import { mpRegions } from '../../../src/interop/import/mp-regions.js';

describe('mpRegions', () => {
  it('reads Rectangle "x, y, w, h" as the top-left corner and size, with PersonDisplayName as the name', () => {
    const regions = mpRegions({ Regions: [{ PersonDisplayName: 'Ann Lee', Rectangle: '0.25, 0.1, 0.2, 0.3' }] });
    expect(regions).toEqual([{ name: 'Ann Lee', box: { x: 0.25, y: 0.1, w: 0.2, h: 0.3 } }]);
  });

  it('keeps an unnamed rectangle as unnamed and skips malformed ones', () => {
    const regions = mpRegions({
      Regions: [
        { Rectangle: '0.1,0.1,0.2,0.2' },
        { PersonDisplayName: 'Three numbers', Rectangle: '0.1, 0.1, 0.2' },
        { PersonDisplayName: 'Not numbers', Rectangle: 'a, b, c, d' },
        { PersonDisplayName: 'No rectangle' },
        { PersonDisplayName: 'Negative size', Rectangle: '0.1, 0.1, -0.2, 0.2' },
      ],
    });
    expect(regions).toEqual([{ name: null, box: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 } }]);
  });

  it('reads nothing from a missing structure', () => {
    expect(mpRegions(undefined)).toEqual([]);
    expect(mpRegions({})).toEqual([]);
  });
});
