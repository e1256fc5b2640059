import { describe, expect, it } from 'vitest';
import { faceId } from '../../../src/catalog/catalog.js';
import { makeFace, makeFaces, makeInput, OTHER_PACK, PACK, randomUnitVector, shaOf } from '../catalog-fixtures.js';
import { type ContractContext } from './contract-context.js';

/** The catalog contract: storing photos, files, settings. */
export function photosFilesSettingsContract(ctx: ContractContext): void {
  const { store, storeWithFaces, byId } = ctx;

  describe('storing photos', () => {
    it('stores the file, the photo and its faces', async () => {
      const sha = shaOf(1);
      const faces = [makeFace(0, randomUnitVector(ctx.random, 8), 0.9), makeFace(1, randomUnitVector(ctx.random, 8), 0.4)];
      await store({ sha256: sha, path: '/photos/a.jpg', faces, size: 98765, mtimeMs: 1_690_000_000_123.25 });

      expect(await ctx.catalog.getFile('/photos/a.jpg')).toEqual({
        path: '/photos/a.jpg',
        sha256: sha,
        size: 98765,
        mtimeMs: 1_690_000_000_123.25,
      });
      expect(await ctx.catalog.getFile('/photos/missing.jpg')).toBeNull();
      expect(await ctx.catalog.getPhoto(sha)).toEqual({
        sha256: sha,
        width: 4000,
        height: 3000,
        format: 'jpeg',
        takenAt: '2021-07-04T12:30:00',
        gps: { lat: 48.8566, lon: 2.3522 },
        camera: 'Canon EOS 5D',
        path: '/photos/a.jpg',
        pack: PACK,
      });
      expect(await ctx.catalog.getPhoto(shaOf(2))).toBeNull();

      const stored = await ctx.catalog.listFaces();
      expect(stored).toEqual(
        faces.map((face) => ({
          id: faceId(sha, PACK, face.index),
          photoSha256: sha,
          index: face.index,
          box: face.box,
          score: face.score,
          landmarks: face.landmarks,
          quality: face.quality,
          pack: PACK,
          personId: null,
          source: null,
        })),
      );
    });

    it('keeps missing metadata as null', async () => {
      const sha = shaOf(1);
      await store({ sha256: sha, path: '/p.png', meta: { takenAt: null, gps: null, camera: null, format: 'png' } });
      const photo = await ctx.catalog.getPhoto(sha);
      expect(photo).toMatchObject({ takenAt: null, gps: null, camera: null, format: 'png' });
    });

    it('knows which content was scanned with which pack', async () => {
      await storeWithFaces(1, shaOf(1), '/a.jpg');
      expect(await ctx.catalog.isPhotoScanned(shaOf(1), PACK)).toBe(true);
      expect(await ctx.catalog.isPhotoScanned(shaOf(1), OTHER_PACK)).toBe(false);
      expect(await ctx.catalog.isPhotoScanned(shaOf(2), PACK)).toBe(false);
    });

    it('stores a photo without faces', async () => {
      await store({ sha256: shaOf(1), path: '/empty.jpg' });
      expect(await ctx.catalog.isPhotoScanned(shaOf(1), PACK)).toBe(true);
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 1, faces: 0, files: 1 });
    });

    it('is idempotent and keeps person assignments', async () => {
      const faces = makeFaces(ctx.random, 3);
      const input = makeInput({ sha256: shaOf(1), path: '/a.jpg', faces });
      await ctx.catalog.storePhoto(input);
      const person = await ctx.catalog.createPerson('Ada');
      const ids = faces.map((face) => faceId(shaOf(1), PACK, face.index));
      await ctx.catalog.assignFaces([{ faceId: ids[0]!, personId: person, source: 'user' }]);

      await ctx.catalog.storePhoto(input);
      await ctx.catalog.storePhoto(input);

      expect(await ctx.catalog.counts()).toEqual({ photos: 1, faces: 3, people: 1, files: 1, errors: 0 });
      const stored = byId(await ctx.catalog.listFaces());
      expect(stored.get(ids[0]!)).toMatchObject({ personId: person, source: 'user' });
      expect((await ctx.catalog.nearestFaces(faces[1]!.embedding, PACK, 10)).length).toBe(3);
    });

    it('stores several photos in one call as storePhoto would one by one, or none if any is invalid', async () => {
      const faces = makeFaces(ctx.random, 2);
      await ctx.catalog.storePhotos([
        makeInput({ sha256: shaOf(1), path: '/a.jpg', faces }),
        makeInput({ sha256: shaOf(2), path: '/b.jpg' }),
        // Known content at a second path: only the path is recorded, with its own size and time.
        makeInput({ sha256: shaOf(1), path: '/copy/a.jpg', faces, size: 77, mtimeMs: 5.5 }),
      ]);
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 2, faces: 2, files: 3 });
      expect(await ctx.catalog.getFile('/copy/a.jpg')).toEqual({ path: '/copy/a.jpg', sha256: shaOf(1), size: 77, mtimeMs: 5.5 });
      const [nearest] = await ctx.catalog.nearestFaces(faces[1]!.embedding, PACK, 1);
      expect(nearest!.faceId).toBe(faceId(shaOf(1), PACK, 1));

      const valid = makeInput({ sha256: shaOf(3), path: '/c.jpg', faces: makeFaces(ctx.random, 1) });
      const invalid = { ...makeInput({ sha256: shaOf(4), path: '/d.jpg' }), pack: '' };
      await expect(ctx.catalog.storePhotos([valid, invalid])).rejects.toThrow('/d.jpg');
      expect(await ctx.catalog.getPhoto(shaOf(3))).toBeNull();
      await ctx.catalog.storePhotos([]);
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 2, faces: 2, files: 3 });
    });

    it('gives the same face ids for the same content and pack', async () => {
      const faces = makeFaces(ctx.random, 2);
      await store({ sha256: shaOf(7), path: '/a.jpg', faces });
      expect((await ctx.catalog.listFaces()).map((face) => face.id)).toEqual([
        faceId(shaOf(7), PACK, 0),
        faceId(shaOf(7), PACK, 1),
      ]);
    });

    it('records a second path of known content without duplicating the photo', async () => {
      await storeWithFaces(2, shaOf(1), '/z/copy.jpg');
      await storeWithFaces(2, shaOf(1), '/a/original.jpg');
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 1, faces: 2, files: 2 });
      expect((await ctx.catalog.getPhoto(shaOf(1)))!.path).toBe('/a/original.jpg');
    });

    it('replaces the faces when the content is analysed with another pack', async () => {
      const oldFaces = makeFaces(ctx.random, 3, 8);
      const oldIds = await store({ sha256: shaOf(1), path: '/a.jpg', faces: oldFaces });
      const named = await ctx.catalog.createPerson('Named');
      const anonymous = await ctx.catalog.createPerson();
      await ctx.catalog.assignFaces([
        { faceId: oldIds[0]!, personId: named, source: 'user' },
        { faceId: oldIds[1]!, personId: anonymous, source: 'auto' },
      ]);

      const newFaces = makeFaces(ctx.random, 2, 16);
      const newIds = await store({ sha256: shaOf(1), path: '/a.jpg', pack: OTHER_PACK, faces: newFaces });

      expect((await ctx.catalog.listFaces()).map((face) => face.id).sort()).toEqual([...newIds].sort());
      expect(await ctx.catalog.isPhotoScanned(shaOf(1), OTHER_PACK)).toBe(true);
      expect(await ctx.catalog.isPhotoScanned(shaOf(1), PACK)).toBe(false);
      expect((await ctx.catalog.getPhoto(shaOf(1)))!.pack).toBe(OTHER_PACK);
      expect(await ctx.catalog.nearestFaces(oldFaces[0]!.embedding, PACK, 5)).toEqual([]);
      expect((await ctx.catalog.nearestFaces(newFaces[0]!.embedding, OTHER_PACK, 5))[0]!.faceId).toBe(newIds[0]);
      // The named person stays (a user's name is a decision); the anonymous cluster had only that face.
      expect(await ctx.catalog.findPerson(named)).toMatchObject({ faces: 0 });
      expect(await ctx.catalog.findPerson(anonymous)).toBeNull();
    });

    it('forgets the old content when a path now holds different content', async () => {
      const oldIds = await storeWithFaces(2, shaOf(1), '/a.jpg');
      const anonymous = await ctx.catalog.createPerson();
      await ctx.catalog.assignFaces([{ faceId: oldIds[0]!, personId: anonymous, source: 'auto' }]);

      await storeWithFaces(1, shaOf(2), '/a.jpg');

      expect(await ctx.catalog.getPhoto(shaOf(1))).toBeNull();
      expect((await ctx.catalog.getFile('/a.jpg'))!.sha256).toBe(shaOf(2));
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 1, people: 0 });
    });

    it('rejects inconsistent input and stores nothing', async () => {
      const embedding = randomUnitVector(ctx.random, 8);
      const mismatch = makeInput({ sha256: shaOf(1), path: '/a.jpg' });
      await expect(
        ctx.catalog.storePhoto({ ...mismatch, meta: { ...mismatch.meta, sha256: shaOf(2) } }),
      ).rejects.toThrow(/sha256/);
      await expect(
        store({ sha256: shaOf(1), path: '/a.jpg', faces: [makeFace(0, embedding), makeFace(0, embedding)] }),
      ).rejects.toThrow(/index 0/);
      await expect(
        store({
          sha256: shaOf(1),
          path: '/a.jpg',
          faces: [makeFace(0, embedding), makeFace(1, randomUnitVector(ctx.random, 4))],
        }),
      ).rejects.toThrow(/face 1/);
      expect(await ctx.catalog.counts()).toEqual({ photos: 0, faces: 0, people: 0, files: 0, errors: 0 });
      expect(await ctx.catalog.getFile('/a.jpg')).toBeNull();
    });
  });
  describe('files', () => {
    it('links a path to stored content', async () => {
      await storeWithFaces(1, shaOf(1), '/b/original.jpg');
      await ctx.catalog.linkFile({ path: '/a/copy.jpg', sha256: shaOf(1), size: 5, mtimeMs: 6 });
      expect(await ctx.catalog.getFile('/a/copy.jpg')).toEqual({ path: '/a/copy.jpg', sha256: shaOf(1), size: 5, mtimeMs: 6 });
      expect((await ctx.catalog.getPhoto(shaOf(1)))!.path).toBe('/a/copy.jpg');
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 2 });
    });

    it('updates size and time when a known path is linked again', async () => {
      await storeWithFaces(1, shaOf(1), '/a.jpg');
      await ctx.catalog.linkFile({ path: '/a.jpg', sha256: shaOf(1), size: 777, mtimeMs: 888.5 });
      expect(await ctx.catalog.getFile('/a.jpg')).toEqual({ path: '/a.jpg', sha256: shaOf(1), size: 777, mtimeMs: 888.5 });
      expect(await ctx.catalog.counts()).toMatchObject({ files: 1 });
    });

    it('refuses to link a path to content that is not stored', async () => {
      await expect(ctx.catalog.linkFile({ path: '/a.jpg', sha256: shaOf(9), size: 1, mtimeMs: 1 })).rejects.toThrow(
        shaOf(9),
      );
      expect(await ctx.catalog.getFile('/a.jpg')).toBeNull();
    });

    it('forgets content that a re-linked path no longer reaches', async () => {
      await storeWithFaces(2, shaOf(1), '/a.jpg');
      await storeWithFaces(1, shaOf(2), '/b.jpg');
      await ctx.catalog.linkFile({ path: '/a.jpg', sha256: shaOf(2), size: 1, mtimeMs: 1 });
      expect(await ctx.catalog.getPhoto(shaOf(1))).toBeNull();
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 2 });
    });

    it('lists files under a prefix, literally and in path order', async () => {
      const paths = ['/p/a/2.jpg', '/p/a/1.jpg', '/p/ab/3.jpg', '/p/a%/4.jpg', '/p/a_/5.jpg', '/q/a/6.jpg'];
      for (const [i, path] of paths.entries()) await storeWithFaces(0, shaOf(i + 1), path);

      expect((await ctx.catalog.listFiles('/p/a/')).map((file) => file.path)).toEqual(['/p/a/1.jpg', '/p/a/2.jpg']);
      expect((await ctx.catalog.listFiles('/p/a%/')).map((file) => file.path)).toEqual(['/p/a%/4.jpg']);
      expect((await ctx.catalog.listFiles('/p/a_/')).map((file) => file.path)).toEqual(['/p/a_/5.jpg']);
      expect((await ctx.catalog.listFiles('/p/')).length).toBe(5);
      expect((await ctx.catalog.listFiles('')).length).toBe(6);
      expect(await ctx.catalog.listFiles('/nowhere/')).toEqual([]);
      expect((await ctx.catalog.listFiles('/p/a/'))[0]).toEqual({
        path: '/p/a/1.jpg',
        sha256: shaOf(2),
        size: 1234,
        mtimeMs: 1_700_000_000_000.5,
      });
    });
  });
  describe('settings', () => {
    it('remembers a value per key, replaces it, and answers null for an unknown key', async () => {
      expect(await ctx.catalog.getSetting('pack')).toBeNull();
      await ctx.catalog.setSetting('pack', 'yunet-w600k');
      await ctx.catalog.setSetting('other', 'x');
      await ctx.catalog.setSetting('pack', 'builtin');
      expect(await ctx.catalog.getSetting('pack')).toBe('builtin');
      expect(await ctx.catalog.getSetting('other')).toBe('x');
    });

    it('lists every setting and forgets one, an unknown key being no error', async () => {
      expect(await ctx.catalog.listSettings()).toEqual(new Map());
      await ctx.catalog.setSetting('pack', 'builtin');
      await ctx.catalog.setSetting('a.b', 'two words');
      expect(await ctx.catalog.listSettings()).toEqual(new Map([['a.b', 'two words'], ['pack', 'builtin']]));
      await ctx.catalog.deleteSetting('a.b');
      await ctx.catalog.deleteSetting('never-set');
      expect(await ctx.catalog.getSetting('a.b')).toBeNull();
      expect(await ctx.catalog.listSettings()).toEqual(new Map([['pack', 'builtin']]));
    });
  });
}
