import { describe, expect, it } from 'vitest';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { FEW_FACES, indexSource, streamedSource } from '../../src/clustering/neighbour-source.js';
import { testDoubleFixture } from './catalog-fixtures.js';
import { makeLibrary } from './synthetic.js';

const PACK = 'arcface-test';
const faces = makeLibrary({ seed: 11, identitySizes: [5, 4, 3], singletons: FEW_FACES + 8 });
const exact = bruteForceNeighbours(faces);
const ids = (of: readonly { faceId: string }[]) => of.map((n) => n.faceId);

describe.each([
  ['streamed', streamedSource],
  ['index', indexSource],
] as const)('%s neighbour source', (_, make) => {
  it('serves exact lists of the loaded faces without asking the index, and longer ones from it', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces, PACK);
    const source = make(fixture.catalog, PACK, 5);
    const loaded = faces.slice(0, 6).map((f) => f.id);
    await source.load(loaded);
    const asked = fixture.catalog.calls.nearestFaces;
    for (const id of loaded) {
      expect(ids(source.list(id)!)).toEqual(ids(await exact(id, 5)));
      expect(ids(await source.neighbours(id, 3))).toEqual(ids(await exact(id, 3)));
    }
    expect(fixture.catalog.calls.nearestFaces).toBe(asked);
    expect(source.list(faces[10]!.id)).toBeUndefined();

    expect(ids(await source.neighbours(loaded[0]!, 8))).toEqual(ids(await exact(loaded[0]!, 8)));
    expect(fixture.catalog.calls.nearestFaces).toBe(asked + 1);
  });
});

describe('streamed neighbour source', () => {
  it('computes the lists of many faces without one index query per face, and asks the index about a few', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces, PACK);
    const source = streamedSource(fixture.catalog, PACK, 5);
    await source.load(faces.slice(0, FEW_FACES + 1).map((f) => f.id));
    expect(fixture.catalog.calls.nearestFaces).toBe(0);
    await source.load(faces.slice(-3).map((f) => f.id));
    expect(fixture.catalog.calls.nearestFaces).toBe(3);
    for (const f of [faces[0]!, faces.at(-1)!]) expect(ids(source.list(f.id)!)).toEqual(ids(await exact(f.id, 5)));
  });
});
