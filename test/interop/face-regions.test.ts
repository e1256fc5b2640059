import { describe, expect, it } from 'vitest';
import type { StoredFace, StoredPerson } from '../../src/catalog/catalog.js';
import type { Box } from '../../src/domain/types.js';
import { faceRegions } from '../../src/interop/face-regions.js';
import { MP_REGIONS_TAG, MWG_REGIONS_TAG, regionTags } from '../../src/interop/xmp-region-tags.js';

function face(index: number, box: Box, personId: string | null): StoredFace {
  return {
    id: `f${index}`,
    photoSha256: 'a'.repeat(64),
    index,
    box,
    score: 0.9,
    landmarks: [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ],
    quality: { size: 1, sharpness: 1, frontal: 1, overall: 1 },
    pack: 'p',
    personId,
    source: personId === null ? null : 'user',
  };
}

function person(id: string, name: string | null, hidden = false): StoredPerson {
  return { id, name, hidden, faces: 1, photos: 1, samplePath: null, bestFaceId: null };
}

const photo = { width: 1000, height: 500 };
const people = new Map([
  ['p1', person('p1', 'Alice')],
  ['p2', person('p2', null)],
  ['p3', person('p3', 'Carol', true)],
]);
const faces = [
  face(0, { x: 0, y: 0, w: 10, h: 10 }, null),
  face(1, { x: 100, y: 50, w: 200, h: 100 }, 'p1'),
  face(2, { x: 400, y: 100, w: 50, h: 50 }, 'p2'),
  face(3, { x: 600, y: 100, w: 50, h: 50 }, 'p3'),
];

describe('faceRegions', () => {
  it('puts named faces first, then unnamed ones, and leaves hidden people out', () => {
    expect(faceRegions(photo, faces, people)).toEqual([
      { name: 'Alice', box: { x: 100, y: 50, w: 200, h: 100 } },
      { name: null, box: { x: 0, y: 0, w: 10, h: 10 } },
      { name: null, box: { x: 400, y: 100, w: 50, h: 50 } },
    ]);
  });

  it('leaves unnamed faces out and takes hidden people in when asked', () => {
    expect(faceRegions(photo, faces, people, { includeUnnamed: false, includeHidden: true }).map((r) => r.name)).toEqual([
      'Alice',
      'Carol',
    ]);
  });

  it('clamps boxes to the photo and drops boxes entirely outside it', () => {
    const outside = [face(0, { x: 990, y: 490, w: 40, h: 40 }, 'p1'), face(1, { x: 1200, y: 10, w: 40, h: 40 }, 'p1')];
    expect(faceRegions(photo, outside, people)).toEqual([{ name: 'Alice', box: { x: 990, y: 490, w: 10, h: 10 } }]);
  });
});

describe('regionTags', () => {
  const tags = regionTags(
    [
      { name: 'Alice', box: { x: 100, y: 50, w: 200, h: 100 } },
      { name: null, box: { x: 0, y: 0, w: 10, h: 10 } },
    ],
    1000,
    500,
  );

  it('gives MWG areas as normalised centres and sizes, measured on the stated dimensions', () => {
    expect(tags[MWG_REGIONS_TAG]).toEqual({
      AppliedToDimensions: { W: 1000, H: 500, Unit: 'pixel' },
      RegionList: [
        { Area: { X: 0.2, Y: 0.2, W: 0.2, H: 0.2, Unit: 'normalized' }, Type: 'Face', Name: 'Alice' },
        { Area: { X: 0.005, Y: 0.01, W: 0.01, H: 0.02, Unit: 'normalized' }, Type: 'Face' },
      ],
    });
  });

  it('gives Microsoft rectangles as normalised top-left and size', () => {
    expect(tags[MP_REGIONS_TAG]).toEqual({
      Regions: [{ PersonDisplayName: 'Alice', Rectangle: '0.1, 0.1, 0.2, 0.2' }, { Rectangle: '0, 0, 0.01, 0.02' }],
    });
  });
});
