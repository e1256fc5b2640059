import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faceId, type Catalog } from '../../src/catalog/catalog.js';
import { makeFace, makeFaces, makeInput, OTHER_PACK, PACK, randomUnitVector, seededRandom, shaOf } from './catalog-fixtures.js';

/** addFaces (a face drawn by the user added to a stored photo), for every catalog backend. */
export function describeAddFacesContract(name: string, open: () => Promise<Catalog>): void {
  describe(`Catalog addFaces: ${name}`, () => {
    let catalog: Catalog;
    const random = seededRandom(20261203);

    beforeEach(async () => {
      catalog = await open();
    });

    afterEach(async () => {
      await catalog.close();
    });

    it('adds a face to a stored photo after its detected faces; it is listed, searchable and assignable', async () => {
      const sha = shaOf(1);
      await catalog.storePhoto(makeInput({ sha256: sha, path: '/p/one.jpg', faces: makeFaces(random, 2) }));
      const added = makeFace(2, randomUnitVector(random, 8));
      await catalog.addFaces(sha, PACK, [added]);
      const faces = await catalog.listFaces({ photoSha256: sha });
      expect(faces.map((f) => f.id)).toEqual([0, 1, 2].map((i) => faceId(sha, PACK, i)));
      expect(faces[2]!.box).toEqual(added.box);
      expect(faces[2]!.personId).toBeNull();
      const [nearest] = await catalog.nearestFaces(added.embedding, PACK, 1);
      expect(nearest!.faceId).toBe(faceId(sha, PACK, 2));
      const person = await catalog.createPerson('Ann');
      await catalog.assignFaces([{ faceId: faceId(sha, PACK, 2), personId: person, source: 'user' }]);
      expect((await catalog.getFaces([faceId(sha, PACK, 2)]))[0]!.personId).toBe(person);
      // Storing the same photo again (an unchanged rescan) keeps the added face.
      await catalog.storePhoto(makeInput({ sha256: sha, path: '/p/one.jpg', faces: makeFaces(random, 2) }));
      expect((await catalog.listFaces({ photoSha256: sha })).length).toBe(3);
    });

    it('refuses an index the photo has, an unknown photo and another pack, storing nothing', async () => {
      const sha = shaOf(2);
      await catalog.storePhoto(makeInput({ sha256: sha, path: '/p/two.jpg', faces: makeFaces(random, 1) }));
      await expect(catalog.addFaces(sha, PACK, [makeFace(0, randomUnitVector(random, 8))])).rejects.toThrow();
      await expect(catalog.addFaces(shaOf(3), PACK, [makeFace(0, randomUnitVector(random, 8))])).rejects.toThrow(/no photo with sha256/);
      await expect(catalog.addFaces(sha, OTHER_PACK, [makeFace(1, randomUnitVector(random, 8))])).rejects.toThrow(/analysed with pack-a, not pack-b/);
      await expect(catalog.addFaces(sha, PACK, [makeFace(1, new Float32Array(8).fill(Number.NaN))])).rejects.toThrow(/non-finite/);
      expect((await catalog.listFaces({ photoSha256: sha })).map((f) => f.index)).toEqual([0]);
    });
  });
}
