import { describe, expect, it } from 'vitest';
import { mwgRegions } from '../../../src/interop/import/mwg-regions.js';
import { storedToUpright } from '../../../src/interop/import/exif-orientation.js';

const upright = { orientation: 1, width: 400, height: 300 };

function closeTo(actual: { x: number; y: number; w: number; h: number }, expected: { x: number; y: number; w: number; h: number }): void {
  for (const key of ['x', 'y', 'w', 'h'] as const) expect(actual[key]).toBeCloseTo(expected[key], 9);
}

describe('mwgRegions', () => {
  it('turns the centre x/y and the size into a top-left box, keeping the name as written', () => {
    const regions = mwgRegions({ RegionList: [{ Type: 'Face', Name: 'Ann Lee', Area: { X: 0.5, Y: 0.4, W: 0.2, H: 0.3, Unit: 'normalized' } }] }, upright);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.name).toBe('Ann Lee');
    closeTo(regions[0]!.box, { x: 0.4, y: 0.25, w: 0.2, h: 0.3 });
  });

  it('skips regions that are not faces (Pet, Focus) and takes one without a type as a face', () => {
    const area = { X: 0.5, Y: 0.5, W: 0.1, H: 0.1, Unit: 'normalized' };
    const regions = mwgRegions({
      RegionList: [
        { Type: 'Pet', Name: 'Rex', Area: area },
        { Type: 'Focus', Area: area },
        { Name: 'Untyped', Area: area },
        { Type: 'Face', Name: 'Typed', Area: area },
      ],
    }, upright);
    expect(regions.map((r) => r.name)).toEqual(['Untyped', 'Typed']);
  });

  it('gives a blank or missing name as null (an unnamed region) and skips nonsense areas', () => {
    const regions = mwgRegions({
      RegionList: [
        { Type: 'Face', Area: { X: 0.5, Y: 0.5, W: 0.1, H: 0.1, Unit: 'normalized' } },
        { Type: 'Face', Name: '  ', Area: { X: 0.5, Y: 0.5, W: 0.1, H: 0.1, Unit: 'normalized' } },
        { Type: 'Face', Name: 'Zero size', Area: { X: 0.5, Y: 0.5, W: 0, H: 0.1, Unit: 'normalized' } },
        { Type: 'Face', Name: 'Outside', Area: { X: 1.5, Y: 0.5, W: 0.1, H: 0.1, Unit: 'normalized' } },
        { Type: 'Face', Name: 'Pixels', Area: { X: 200, Y: 150, W: 20, H: 20, Unit: 'pixel' } },
      ],
    }, upright);
    expect(regions.map((r) => r.name)).toEqual([null, null]);
  });

  it('takes areas as on the displayed photo when AppliedToDimensions has the displayed shape', () => {
    // Stored 400x300 on its side (orientation 6): shown 300 wide, 400 high; the list was measured on that.
    const image = { orientation: 6, width: 400, height: 300 };
    const info = { AppliedToDimensions: { W: 300, H: 400, Unit: 'pixel' }, RegionList: [{ Type: 'Face', Name: 'A', Area: { X: 0.3, Y: 0.2, W: 0.2, H: 0.1, Unit: 'normalized' } }] };
    closeTo(mwgRegions(info, image)[0]!.box, { x: 0.2, y: 0.15, w: 0.2, h: 0.1 });
  });

  it.each([6, 8])('turns upright a list measured on the stored pixels of a photo on its side (orientation %i)', (orientation) => {
    const image = { orientation, width: 400, height: 300 };
    // AppliedToDimensions has the stored (landscape) shape, though the photo shows as portrait; a smaller preview counts.
    const info = { AppliedToDimensions: { W: 200, H: 150, Unit: 'pixel' }, RegionList: [{ Type: 'Face', Name: 'A', Area: { X: 0.3, Y: 0.2, W: 0.2, H: 0.1, Unit: 'normalized' } }] };
    const stored = { x: 0.2, y: 0.15, w: 0.2, h: 0.1 };
    const box = mwgRegions(info, image)[0]!.box;
    closeTo(box, storedToUpright(stored, orientation));
    // On its side the box's width and height swap places.
    expect(box.w).toBeCloseTo(stored.h, 9);
    expect(box.h).toBeCloseTo(stored.w, 9);
  });

  it('cannot tell on a square photo and takes the areas as displayed', () => {
    const image = { orientation: 6, width: 300, height: 300 };
    const info = { AppliedToDimensions: { W: 300, H: 300, Unit: 'pixel' }, RegionList: [{ Type: 'Face', Name: 'A', Area: { X: 0.3, Y: 0.2, W: 0.2, H: 0.1, Unit: 'normalized' } }] };
    closeTo(mwgRegions(info, image)[0]!.box, { x: 0.2, y: 0.15, w: 0.2, h: 0.1 });
  });

  it('reads nothing from a missing structure or one without a list', () => {
    expect(mwgRegions(undefined, upright)).toEqual([]);
    expect(mwgRegions({ AppliedToDimensions: { W: 1, H: 1 } }, upright)).toEqual([]);
  });
});
