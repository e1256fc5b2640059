import { describe, expect, it } from 'vitest';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { FEW_FACES, fewFaces, indexSource, LIBRARY_FACES_PER_QUERY, streamedSource } from '../../src/clustering/neighbour-source.js';
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

  it('asks the index for the depth a load or a prefetch wants, and a deeper request of such a face again', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces, PACK);
    const depths: number[] = [];
    const catalog = {
      getFaceEmbeddings: fixture.catalog.getFaceEmbeddings.bind(fixture.catalog),
      embeddingPage: fixture.catalog.embeddingPage.bind(fixture.catalog),
      neighbourSearch: fixture.catalog.neighbourSearch.bind(fixture.catalog),
      nearestFaces: (embedding: Float32Array, pack: string, k: number) => {
        depths.push(k);
        return fixture.catalog.nearestFaces(embedding, pack, k);
      },
    };
    const source = make(catalog, PACK, 8);
    const [shallow, deep] = [faces[0]!.id, faces[1]!.id];
    await source.load([shallow], 3);
    await source.neighbours.prefetch!([shallow, deep], 3);
    expect(depths).toEqual([3, 3]);
    expect(ids(source.list(shallow)!)).toEqual(ids(await exact(shallow, 3)));
    expect(ids(await source.neighbours(shallow, 2))).toEqual(ids(await exact(shallow, 2)));
    expect(depths).toHaveLength(2);
    // Deeper than it was loaded: the index again (a shallow list is never passed off as a deeper one).
    expect(ids(await source.neighbours(deep, 6))).toEqual(ids(await exact(deep, 6)));
    expect(depths).toEqual([3, 3, 6]);
    await source.load([deep]);
    expect(depths).toEqual([3, 3, 6, 8]);
    expect(ids(await source.neighbours(deep, 8))).toEqual(ids(await exact(deep, 8)));
    expect(depths).toHaveLength(4);
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

  it('asks an approximate index about more faces the larger the library, since a pass grows with it and a query does not', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces, PACK);
    // The double searches exactly; this claims an approximate index over a large library (what the source weighs).
    const large = { approximate: true, faces: 100 * LIBRARY_FACES_PER_QUERY };
    const catalog = Object.assign(Object.create(fixture.catalog) as typeof fixture.catalog, { neighbourSearch: async () => large });
    const source = streamedSource(catalog, PACK, 5);
    await source.load(faces.slice(0, FEW_FACES + 1).map((f) => f.id));
    expect(fixture.catalog.calls.nearestFaces).toBe(FEW_FACES + 1);
    expect(ids(source.list(faces[0]!.id)!)).toEqual(ids(await exact(faces[0]!.id, 5)));
  });

  it('makes a pass above one query per LIBRARY_FACES_PER_QUERY faces, and above FEW_FACES when queries scan', () => {
    expect(fewFaces({ approximate: false, faces: 10_000_000 })).toBe(FEW_FACES);
    expect(fewFaces({ approximate: true, faces: 1_000 })).toBe(FEW_FACES);
    expect(fewFaces({ approximate: true, faces: 100 * LIBRARY_FACES_PER_QUERY })).toBe(100);
  });
});
