import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faceId, type Catalog, type Constraint, type StoredFace } from '../../src/catalog/catalog.js';
import {
  cosineDistance,
  makeFace,
  makeFaces,
  makeInput,
  OTHER_PACK,
  PACK,
  randomUnitVector,
  seededRandom,
  shaOf,
  type PhotoSpec,
} from './catalog-fixtures.js';

/**
 * The behaviour every Catalog implementation must have. It only uses the Catalog interface,
 * so the same suite runs against SQLite now and other backends later.
 */
export function describeCatalogContract(name: string, open: () => Promise<Catalog>): void {
  describe(`Catalog contract: ${name}`, () => {
    let catalog: Catalog;
    let random: () => number;

    beforeEach(async () => {
      catalog = await open();
      random = seededRandom(20240601);
    });

    afterEach(async () => {
      await catalog.close();
    });

    /** Stores a photo and returns the ids of its faces, in index order. */
    async function store(spec: PhotoSpec): Promise<string[]> {
      await catalog.storePhoto(makeInput(spec));
      return (spec.faces ?? []).map((face) => faceId(spec.sha256, spec.pack ?? PACK, face.index));
    }

    async function storeWithFaces(n: number, sha256: string, path: string, pack = PACK): Promise<string[]> {
      return store({ sha256, path, pack, faces: makeFaces(random, n) });
    }

    function byId(faces: StoredFace[]): Map<string, StoredFace> {
      return new Map(faces.map((face) => [face.id, face]));
    }

    describe('storing photos', () => {
      it('stores the file, the photo and its faces', async () => {
        const sha = shaOf(1);
        const faces = [makeFace(0, randomUnitVector(random, 8), 0.9), makeFace(1, randomUnitVector(random, 8), 0.4)];
        await store({ sha256: sha, path: '/photos/a.jpg', faces, size: 98765, mtimeMs: 1_690_000_000_123.25 });

        expect(await catalog.getFile('/photos/a.jpg')).toEqual({
          path: '/photos/a.jpg',
          sha256: sha,
          size: 98765,
          mtimeMs: 1_690_000_000_123.25,
        });
        expect(await catalog.getFile('/photos/missing.jpg')).toBeNull();
        expect(await catalog.getPhoto(sha)).toEqual({
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
        expect(await catalog.getPhoto(shaOf(2))).toBeNull();

        const stored = await catalog.listFaces();
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
        const photo = await catalog.getPhoto(sha);
        expect(photo).toMatchObject({ takenAt: null, gps: null, camera: null, format: 'png' });
      });

      it('knows which content was scanned with which pack', async () => {
        await storeWithFaces(1, shaOf(1), '/a.jpg');
        expect(await catalog.isPhotoScanned(shaOf(1), PACK)).toBe(true);
        expect(await catalog.isPhotoScanned(shaOf(1), OTHER_PACK)).toBe(false);
        expect(await catalog.isPhotoScanned(shaOf(2), PACK)).toBe(false);
      });

      it('stores a photo without faces', async () => {
        await store({ sha256: shaOf(1), path: '/empty.jpg' });
        expect(await catalog.isPhotoScanned(shaOf(1), PACK)).toBe(true);
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 0, files: 1 });
      });

      it('is idempotent and keeps person assignments', async () => {
        const faces = makeFaces(random, 3);
        const input = makeInput({ sha256: shaOf(1), path: '/a.jpg', faces });
        await catalog.storePhoto(input);
        const person = await catalog.createPerson('Ada');
        const ids = faces.map((face) => faceId(shaOf(1), PACK, face.index));
        await catalog.assignFaces([{ faceId: ids[0]!, personId: person, source: 'user' }]);

        await catalog.storePhoto(input);
        await catalog.storePhoto(input);

        expect(await catalog.counts()).toEqual({ photos: 1, faces: 3, people: 1, files: 1, errors: 0 });
        const stored = byId(await catalog.listFaces());
        expect(stored.get(ids[0]!)).toMatchObject({ personId: person, source: 'user' });
        expect((await catalog.nearestFaces(faces[1]!.embedding, PACK, 10)).length).toBe(3);
      });

      it('stores several photos in one call as storePhoto would one by one, or none if any is invalid', async () => {
        const faces = makeFaces(random, 2);
        await catalog.storePhotos([
          makeInput({ sha256: shaOf(1), path: '/a.jpg', faces }),
          makeInput({ sha256: shaOf(2), path: '/b.jpg' }),
          // Known content at a second path: only the path is recorded, with its own size and time.
          makeInput({ sha256: shaOf(1), path: '/copy/a.jpg', faces, size: 77, mtimeMs: 5.5 }),
        ]);
        expect(await catalog.counts()).toMatchObject({ photos: 2, faces: 2, files: 3 });
        expect(await catalog.getFile('/copy/a.jpg')).toEqual({ path: '/copy/a.jpg', sha256: shaOf(1), size: 77, mtimeMs: 5.5 });
        const [nearest] = await catalog.nearestFaces(faces[1]!.embedding, PACK, 1);
        expect(nearest!.faceId).toBe(faceId(shaOf(1), PACK, 1));

        const valid = makeInput({ sha256: shaOf(3), path: '/c.jpg', faces: makeFaces(random, 1) });
        const invalid = { ...makeInput({ sha256: shaOf(4), path: '/d.jpg' }), pack: '' };
        await expect(catalog.storePhotos([valid, invalid])).rejects.toThrow('/d.jpg');
        expect(await catalog.getPhoto(shaOf(3))).toBeNull();
        await catalog.storePhotos([]);
        expect(await catalog.counts()).toMatchObject({ photos: 2, faces: 2, files: 3 });
      });

      it('gives the same face ids for the same content and pack', async () => {
        const faces = makeFaces(random, 2);
        await store({ sha256: shaOf(7), path: '/a.jpg', faces });
        expect((await catalog.listFaces()).map((face) => face.id)).toEqual([
          faceId(shaOf(7), PACK, 0),
          faceId(shaOf(7), PACK, 1),
        ]);
      });

      it('records a second path of known content without duplicating the photo', async () => {
        await storeWithFaces(2, shaOf(1), '/z/copy.jpg');
        await storeWithFaces(2, shaOf(1), '/a/original.jpg');
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 2, files: 2 });
        expect((await catalog.getPhoto(shaOf(1)))!.path).toBe('/a/original.jpg');
      });

      it('replaces the faces when the content is analysed with another pack', async () => {
        const oldFaces = makeFaces(random, 3, 8);
        const oldIds = await store({ sha256: shaOf(1), path: '/a.jpg', faces: oldFaces });
        const named = await catalog.createPerson('Named');
        const anonymous = await catalog.createPerson();
        await catalog.assignFaces([
          { faceId: oldIds[0]!, personId: named, source: 'user' },
          { faceId: oldIds[1]!, personId: anonymous, source: 'auto' },
        ]);

        const newFaces = makeFaces(random, 2, 16);
        const newIds = await store({ sha256: shaOf(1), path: '/a.jpg', pack: OTHER_PACK, faces: newFaces });

        expect((await catalog.listFaces()).map((face) => face.id).sort()).toEqual([...newIds].sort());
        expect(await catalog.isPhotoScanned(shaOf(1), OTHER_PACK)).toBe(true);
        expect(await catalog.isPhotoScanned(shaOf(1), PACK)).toBe(false);
        expect((await catalog.getPhoto(shaOf(1)))!.pack).toBe(OTHER_PACK);
        expect(await catalog.nearestFaces(oldFaces[0]!.embedding, PACK, 5)).toEqual([]);
        expect((await catalog.nearestFaces(newFaces[0]!.embedding, OTHER_PACK, 5))[0]!.faceId).toBe(newIds[0]);
        // The named person stays (a user's name is a decision); the anonymous cluster had only that face.
        expect(await catalog.findPerson(named)).toMatchObject({ faces: 0 });
        expect(await catalog.findPerson(anonymous)).toBeNull();
      });

      it('forgets the old content when a path now holds different content', async () => {
        const oldIds = await storeWithFaces(2, shaOf(1), '/a.jpg');
        const anonymous = await catalog.createPerson();
        await catalog.assignFaces([{ faceId: oldIds[0]!, personId: anonymous, source: 'auto' }]);

        await storeWithFaces(1, shaOf(2), '/a.jpg');

        expect(await catalog.getPhoto(shaOf(1))).toBeNull();
        expect((await catalog.getFile('/a.jpg'))!.sha256).toBe(shaOf(2));
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 1, people: 0 });
      });

      it('rejects inconsistent input and stores nothing', async () => {
        const embedding = randomUnitVector(random, 8);
        const mismatch = makeInput({ sha256: shaOf(1), path: '/a.jpg' });
        await expect(
          catalog.storePhoto({ ...mismatch, meta: { ...mismatch.meta, sha256: shaOf(2) } }),
        ).rejects.toThrow(/sha256/);
        await expect(
          store({ sha256: shaOf(1), path: '/a.jpg', faces: [makeFace(0, embedding), makeFace(0, embedding)] }),
        ).rejects.toThrow(/index 0/);
        await expect(
          store({
            sha256: shaOf(1),
            path: '/a.jpg',
            faces: [makeFace(0, embedding), makeFace(1, randomUnitVector(random, 4))],
          }),
        ).rejects.toThrow(/face 1/);
        expect(await catalog.counts()).toEqual({ photos: 0, faces: 0, people: 0, files: 0, errors: 0 });
        expect(await catalog.getFile('/a.jpg')).toBeNull();
      });
    });

    describe('files', () => {
      it('links a path to stored content', async () => {
        await storeWithFaces(1, shaOf(1), '/b/original.jpg');
        await catalog.linkFile({ path: '/a/copy.jpg', sha256: shaOf(1), size: 5, mtimeMs: 6 });
        expect(await catalog.getFile('/a/copy.jpg')).toEqual({ path: '/a/copy.jpg', sha256: shaOf(1), size: 5, mtimeMs: 6 });
        expect((await catalog.getPhoto(shaOf(1)))!.path).toBe('/a/copy.jpg');
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 2 });
      });

      it('updates size and time when a known path is linked again', async () => {
        await storeWithFaces(1, shaOf(1), '/a.jpg');
        await catalog.linkFile({ path: '/a.jpg', sha256: shaOf(1), size: 777, mtimeMs: 888.5 });
        expect(await catalog.getFile('/a.jpg')).toEqual({ path: '/a.jpg', sha256: shaOf(1), size: 777, mtimeMs: 888.5 });
        expect(await catalog.counts()).toMatchObject({ files: 1 });
      });

      it('refuses to link a path to content that is not stored', async () => {
        await expect(catalog.linkFile({ path: '/a.jpg', sha256: shaOf(9), size: 1, mtimeMs: 1 })).rejects.toThrow(
          shaOf(9),
        );
        expect(await catalog.getFile('/a.jpg')).toBeNull();
      });

      it('forgets content that a re-linked path no longer reaches', async () => {
        await storeWithFaces(2, shaOf(1), '/a.jpg');
        await storeWithFaces(1, shaOf(2), '/b.jpg');
        await catalog.linkFile({ path: '/a.jpg', sha256: shaOf(2), size: 1, mtimeMs: 1 });
        expect(await catalog.getPhoto(shaOf(1))).toBeNull();
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 2 });
      });

      it('lists files under a prefix, literally and in path order', async () => {
        const paths = ['/p/a/2.jpg', '/p/a/1.jpg', '/p/ab/3.jpg', '/p/a%/4.jpg', '/p/a_/5.jpg', '/q/a/6.jpg'];
        for (const [i, path] of paths.entries()) await storeWithFaces(0, shaOf(i + 1), path);

        expect((await catalog.listFiles('/p/a/')).map((file) => file.path)).toEqual(['/p/a/1.jpg', '/p/a/2.jpg']);
        expect((await catalog.listFiles('/p/a%/')).map((file) => file.path)).toEqual(['/p/a%/4.jpg']);
        expect((await catalog.listFiles('/p/a_/')).map((file) => file.path)).toEqual(['/p/a_/5.jpg']);
        expect((await catalog.listFiles('/p/')).length).toBe(5);
        expect((await catalog.listFiles('')).length).toBe(6);
        expect(await catalog.listFiles('/nowhere/')).toEqual([]);
        expect((await catalog.listFiles('/p/a/'))[0]).toEqual({
          path: '/p/a/1.jpg',
          sha256: shaOf(2),
          size: 1234,
          mtimeMs: 1_700_000_000_000.5,
        });
      });
    });

    describe('settings', () => {
      it('remembers a value per key, replaces it, and answers null for an unknown key', async () => {
        expect(await catalog.getSetting('pack')).toBeNull();
        await catalog.setSetting('pack', 'yunet-w600k');
        await catalog.setSetting('other', 'x');
        await catalog.setSetting('pack', 'builtin');
        expect(await catalog.getSetting('pack')).toBe('builtin');
        expect(await catalog.getSetting('other')).toBe('x');
      });

      it('lists every setting and forgets one, an unknown key being no error', async () => {
        expect(await catalog.listSettings()).toEqual(new Map());
        await catalog.setSetting('pack', 'builtin');
        await catalog.setSetting('a.b', 'two words');
        expect(await catalog.listSettings()).toEqual(new Map([['a.b', 'two words'], ['pack', 'builtin']]));
        await catalog.deleteSetting('a.b');
        await catalog.deleteSetting('never-set');
        expect(await catalog.getSetting('a.b')).toBeNull();
        expect(await catalog.listSettings()).toEqual(new Map([['pack', 'builtin']]));
      });
    });

    describe('importing people (copying a library)', () => {
      it('creates people with the given ids, names and hidden flags, and never hands those ids out again', async () => {
        const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
        await catalog.importPeople([
          { id: 'p3', name: 'Ada', hidden: false },
          { id: 'p7', name: null, hidden: true },
          { id: 'p12', name: '  Bob ', hidden: false },
        ]);
        const people = await catalog.listPeople({ includeHidden: true });
        expect(people.map(({ id, name, hidden }) => ({ id, name, hidden }))).toEqual([
          { id: 'p3', name: 'Ada', hidden: false },
          { id: 'p7', name: null, hidden: true },
          { id: 'p12', name: 'Bob', hidden: false },
        ]);
        expect(await catalog.findPerson('bob')).toMatchObject({ id: 'p12' });
        await catalog.assignFaces([{ faceId: face!, personId: 'p7', source: 'user' }]);
        expect(await catalog.findPerson('p7')).toMatchObject({ faces: 1, hidden: true });
        expect(await catalog.createPerson()).toBe('p13');
        await expect(catalog.createPerson('ada')).rejects.toThrow(/already used/);
      });

      it('keeps the counter when it is already past the imported ids', async () => {
        for (let i = 0; i < 5; i++) await catalog.createPerson();
        await catalog.deletePerson('p5');
        await catalog.importPeople([{ id: 'p9', name: 'Nine', hidden: false }]);
        expect(await catalog.createPerson()).toBe('p10');
        await catalog.importPeople([{ id: 'p2', name: 'Two', hidden: false }, { id: 'p5', name: null, hidden: false }]);
        expect(await catalog.createPerson()).toBe('p11');
        expect((await catalog.findPerson('p2'))!.name).toBe('Two');
        expect(await catalog.findPerson('p5')).toMatchObject({ name: null, hidden: false });
      });

      it('is idempotent: importing again updates names and flags and creates no one twice', async () => {
        const people = [
          { id: 'p1', name: 'Ada', hidden: false },
          { id: 'p2', name: 'Bob', hidden: false },
        ];
        await catalog.importPeople(people);
        await catalog.importPeople(people);
        expect((await catalog.counts()).people).toBe(2);
        // Two people of the list may swap names.
        await catalog.importPeople([
          { id: 'p1', name: 'Bob', hidden: true },
          { id: 'p2', name: 'Ada', hidden: false },
        ]);
        const after = await catalog.listPeople({ includeHidden: true });
        expect(after.map(({ id, name, hidden }) => ({ id, name, hidden })).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          { id: 'p1', name: 'Bob', hidden: true },
          { id: 'p2', name: 'Ada', hidden: false },
        ]);
      });

      it('rejects bad ids, repeated ids and name clashes, importing nothing', async () => {
        const holder = await catalog.createPerson('Cy');
        const rejects = async (people: { id: string; name: string | null; hidden: boolean }[], message: RegExp | string) => {
          await expect(catalog.importPeople(people)).rejects.toThrow(message);
        };
        await rejects([{ id: 'p4', name: null, hidden: false }, { id: 'x5', name: null, hidden: false }], 'x5');
        await rejects([{ id: 'p0', name: null, hidden: false }], 'p0');
        await rejects([{ id: 'p4', name: null, hidden: false }, { id: 'p4', name: 'Dee', hidden: false }], /p4 twice/);
        await rejects([{ id: 'p4', name: 'Dee', hidden: false }, { id: 'p5', name: 'DEE', hidden: false }], /Dee/i);
        await rejects([{ id: 'p4', name: 'Eve', hidden: false }, { id: 'p5', name: 'cy', hidden: false }], holder);
        await rejects([{ id: 'p4', name: '  ', hidden: false }], /empty/);
        expect((await catalog.listPeople({ includeHidden: true })).map((person) => person.id)).toEqual([holder]);
        expect(await catalog.createPerson()).not.toMatch(/^p[45]$/);
      });
    });

    describe('pruning', () => {
      it('keeps a photo while any of its paths remains', async () => {
        await storeWithFaces(2, shaOf(1), '/a.jpg');
        await catalog.linkFile({ path: '/b.jpg', sha256: shaOf(1), size: 1, mtimeMs: 1 });

        expect(await catalog.removeFiles(['/a.jpg'])).toBe(1);
        expect((await catalog.getPhoto(shaOf(1)))!.path).toBe('/b.jpg');
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 2, files: 1 });
      });

      it('deletes unreachable photos with their faces and counts only known paths', async () => {
        const faces = makeFaces(random, 2);
        await store({ sha256: shaOf(1), path: '/a.jpg', faces });
        await storeWithFaces(1, shaOf(2), '/b.jpg');

        expect(await catalog.removeFiles(['/a.jpg', '/unknown.jpg', '/a.jpg'])).toBe(1);

        expect(await catalog.getPhoto(shaOf(1))).toBeNull();
        expect(await catalog.getFile('/a.jpg')).toBeNull();
        expect(await catalog.listFaces({ photoSha256: shaOf(1) })).toEqual([]);
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 1 });
        const neighbours = await catalog.nearestFaces(faces[0]!.embedding, PACK, 10);
        expect(neighbours.map((n) => n.faceId)).toEqual([faceId(shaOf(2), PACK, 0)]);
        expect(await catalog.getFaceEmbeddings([faceId(shaOf(1), PACK, 0)])).toEqual(new Map());
      });

      it('deletes unnamed people left without faces, and keeps the others', async () => {
        const [gone] = await storeWithFaces(1, shaOf(1), '/gone.jpg');
        const [kept] = await storeWithFaces(1, shaOf(2), '/kept.jpg');
        const anonymousEmptied = await catalog.createPerson();
        const namedEmptied = await catalog.createPerson('Grace');
        const anonymousElsewhere = await catalog.createPerson();
        const untouchedEmpty = await catalog.createPerson();
        const [alsoGone] = await storeWithFaces(1, shaOf(3), '/gone2.jpg');
        const [alsoGone2] = await storeWithFaces(1, shaOf(4), '/gone3.jpg');
        await catalog.assignFaces([
          { faceId: gone!, personId: anonymousEmptied, source: 'auto' },
          { faceId: alsoGone!, personId: namedEmptied, source: 'user' },
          { faceId: alsoGone2!, personId: anonymousElsewhere, source: 'auto' },
          { faceId: kept!, personId: anonymousElsewhere, source: 'auto' },
        ]);

        expect(await catalog.removeFiles(['/gone.jpg', '/gone2.jpg', '/gone3.jpg'])).toBe(3);

        expect(await catalog.findPerson(anonymousEmptied)).toBeNull();
        expect(await catalog.findPerson(namedEmptied)).toMatchObject({ name: 'Grace', faces: 0 });
        expect(await catalog.findPerson(anonymousElsewhere)).toMatchObject({ faces: 1 });
        // Never had faces, so nothing was taken from it.
        expect(await catalog.findPerson(untouchedEmpty)).not.toBeNull();
      });

      it('drops constraints about faces that are gone', async () => {
        const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
        const person = await catalog.createPerson('Ada');
        await catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: person });
        await catalog.removeFiles(['/a.jpg']);
        expect(await catalog.listConstraints()).toEqual([]);
      });
    });

    describe('faces', () => {
      it('filters by pack, photo and person', async () => {
        const a = await storeWithFaces(3, shaOf(1), '/a.jpg');
        const b = await storeWithFaces(2, shaOf(2), '/b.jpg');
        const c = await storeWithFaces(2, shaOf(3), '/c.jpg', OTHER_PACK);
        const person = await catalog.createPerson();
        await catalog.assignFaces([
          { faceId: a[0]!, personId: person, source: 'auto' },
          { faceId: b[1]!, personId: person, source: 'auto' },
          { faceId: c[0]!, personId: person, source: 'user' },
        ]);

        const ids = async (filter?: Parameters<Catalog['listFaces']>[0]) =>
          (await catalog.listFaces(filter)).map((face) => face.id).sort();
        expect(await ids()).toEqual([...a, ...b, ...c].sort());
        expect(await ids({ pack: PACK })).toEqual([...a, ...b].sort());
        expect(await ids({ pack: OTHER_PACK })).toEqual([...c].sort());
        expect(await ids({ photoSha256: shaOf(2) })).toEqual([...b].sort());
        expect(await ids({ personId: person })).toEqual([a[0]!, b[1]!, c[0]!].sort());
        expect(await ids({ personId: person, pack: PACK })).toEqual([a[0]!, b[1]!].sort());
        expect(await ids({ personId: person, photoSha256: shaOf(3) })).toEqual([c[0]!]);
        expect(await ids({ pack: 'no-such-pack' })).toEqual([]);
      });

      it('returns embeddings exactly as stored, per pack', async () => {
        const faces = makeFaces(random, 3, 32);
        const ids = await store({ sha256: shaOf(1), path: '/a.jpg', faces });
        await storeWithFaces(2, shaOf(2), '/b.jpg', OTHER_PACK);
        const person = await catalog.createPerson();
        await catalog.assignFaces([{ faceId: ids[1]!, personId: person, source: 'auto' }]);

        const all = await catalog.listFacesWithEmbeddings(PACK);
        expect(all.map((face) => face.id).sort()).toEqual([...ids].sort());
        for (const face of all) {
          expect(face.embedding).toBeInstanceOf(Float32Array);
          expect(Array.from(face.embedding)).toEqual(Array.from(faces[face.index]!.embedding));
        }
        expect(all.find((face) => face.id === ids[1])).toMatchObject({ personId: person, source: 'auto' });

        const unassigned = await catalog.listFacesWithEmbeddings(PACK, { unassignedOnly: true });
        expect(unassigned.map((face) => face.id).sort()).toEqual([ids[0]!, ids[2]!].sort());
        expect(await catalog.listFacesWithEmbeddings('no-such-pack')).toEqual([]);
      });

      it('looks up embeddings by face id and skips unknown ids', async () => {
        const faces = makeFaces(random, 2, 16);
        const ids = await store({ sha256: shaOf(1), path: '/a.jpg', faces });
        const found = await catalog.getFaceEmbeddings([ids[1]!, 'no-such-face']);
        expect([...found.keys()]).toEqual([ids[1]]);
        expect(Array.from(found.get(ids[1]!)!)).toEqual(Array.from(faces[1]!.embedding));
        expect(await catalog.getFaceEmbeddings([])).toEqual(new Map());
      });

      it('looks up faces by id in the order asked, each once, with their person, and skips unknown ids', async () => {
        const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
        const [other] = await storeWithFaces(1, shaOf(2), '/b.jpg', OTHER_PACK);
        const person = await catalog.createPerson('Ada');
        await catalog.assignFaces([{ faceId: ids[2]!, personId: person, source: 'user' }]);
        const found = await catalog.getFaces([ids[2]!, 'no-such-face', other!, ids[0]!, ids[2]!]);
        expect(found.map((f) => f.id)).toEqual([ids[2], other, ids[0]]);
        expect(found[0]).toEqual((await catalog.listFaces({ photoSha256: shaOf(1) })).find((f) => f.id === ids[2]));
        expect(found[0]).toMatchObject({ personId: person, source: 'user', pack: PACK });
        expect(found[1]).toMatchObject({ personId: null, pack: OTHER_PACK });
        expect(await catalog.getFaces([])).toEqual([]);
      });
    });

    describe('nearest faces', () => {
      it('returns the true nearest neighbours of the pack, nearest first', async () => {
        const dimensions = 128;
        const stored = new Map<string, Float32Array>();
        for (let photo = 0; photo < 100; photo++) {
          const faces = Array.from({ length: 5 }, (_, i) => makeFace(i, randomUnitVector(random, dimensions)));
          const ids = await store({ sha256: shaOf(photo + 1), path: `/photos/${photo}.jpg`, faces });
          ids.forEach((id, i) => stored.set(id, faces[i]!.embedding));
        }
        // Same size, other pack, and right on top of the queries: any leak across packs would rank first.
        const queries = [
          ...Array.from({ length: 15 }, () => randomUnitVector(random, dimensions)),
          ...[...stored.values()].slice(0, 5),
        ];
        await store({
          sha256: shaOf(1000),
          path: '/other-pack.jpg',
          pack: OTHER_PACK,
          faces: queries.map((query, i) => makeFace(i, query)),
        });

        const k = 10;
        for (const query of queries) {
          const expected = [...stored.entries()]
            .map(([id, embedding]) => ({ faceId: id, distance: cosineDistance(query, embedding) }))
            .sort((x, y) => x.distance - y.distance)
            .slice(0, k);
          const actual = await catalog.nearestFaces(query, PACK, k);
          expect(actual.map((n) => n.faceId)).toEqual(expected.map((n) => n.faceId));
          actual.forEach((neighbour, i) => expect(neighbour.distance).toBeCloseTo(expected[i]!.distance, 5));
          for (let i = 1; i < actual.length; i++) expect(actual[i]!.distance).toBeGreaterThanOrEqual(actual[i - 1]!.distance);
        }
        const self = await catalog.nearestFaces(queries[15]!, PACK, 1);
        expect(self[0]!.distance).toBeCloseTo(0, 5);
      });

      it('returns every face when k exceeds the count, and nothing for k = 0 or an unknown pack', async () => {
        const faces = makeFaces(random, 3, 8);
        await store({ sha256: shaOf(1), path: '/a.jpg', faces });
        expect(await catalog.nearestFaces(faces[0]!.embedding, PACK, 50)).toHaveLength(3);
        expect(await catalog.nearestFaces(faces[0]!.embedding, PACK, 0)).toEqual([]);
        expect(await catalog.nearestFaces(faces[0]!.embedding, 'no-such-pack', 5)).toEqual([]);
      });

      it('rejects a query whose size does not match the pack', async () => {
        await storeWithFaces(2, shaOf(1), '/a.jpg');
        await expect(catalog.nearestFaces(randomUnitVector(random, 5), PACK, 3)).rejects.toThrow(/5/);
      });

      it('measures cosine distance, not euclidean', async () => {
        const base = randomUnitVector(random, 8);
        const scaled = base.map((x) => x * 3);
        const opposite = base.map((x) => -x);
        await store({ sha256: shaOf(1), path: '/a.jpg', faces: [makeFace(0, scaled), makeFace(1, opposite)] });
        const neighbours = await catalog.nearestFaces(base, PACK, 2);
        expect(neighbours[0]).toMatchObject({ faceId: faceId(shaOf(1), PACK, 0) });
        expect(neighbours[0]!.distance).toBeCloseTo(0, 5);
        expect(neighbours[1]!.distance).toBeCloseTo(2, 5);
      });
    });

    describe('people', () => {
      it('creates people with distinct p<number> ids that are never reused', async () => {
        const a = await catalog.createPerson();
        const b = await catalog.createPerson('Bob');
        expect(a).toMatch(/^p\d+$/);
        expect(b).toMatch(/^p\d+$/);
        expect(a).not.toBe(b);
        await catalog.deletePerson(b);
        const c = await catalog.createPerson();
        expect([a, b]).not.toContain(c);
        expect(await catalog.findPerson(b)).toBeNull();
        expect(await catalog.findPerson(a)).toEqual({ id: a, name: null, hidden: false, faces: 0, photos: 0, samplePath: null });
      });

      it('finds people by id or by name, ignoring case', async () => {
        const id = await catalog.createPerson('Ada Lovelace');
        expect((await catalog.findPerson(id))!.name).toBe('Ada Lovelace');
        expect((await catalog.findPerson('Ada Lovelace'))!.id).toBe(id);
        expect((await catalog.findPerson('ada lovelace'))!.id).toBe(id);
        expect(await catalog.findPerson('Ada')).toBeNull();
        expect(await catalog.findPerson('p999999')).toBeNull();
      });

      it('counts faces and photos and shows the best face as sample, most faces first', async () => {
        const photo1 = [makeFace(0, randomUnitVector(random, 8), 0.3), makeFace(1, randomUnitVector(random, 8), 0.95)];
        const photo2 = [makeFace(0, randomUnitVector(random, 8), 0.5)];
        const ids1 = await store({ sha256: shaOf(1), path: '/z/one.jpg', faces: photo1 });
        const ids2 = await store({ sha256: shaOf(2), path: '/m/two.jpg', faces: photo2 });
        await catalog.linkFile({ path: '/a/one-copy.jpg', sha256: shaOf(1), size: 1, mtimeMs: 1 });
        const few = await catalog.createPerson('Few');
        const many = await catalog.createPerson();
        await catalog.assignFaces([
          { faceId: ids1[0]!, personId: many, source: 'auto' },
          { faceId: ids1[1]!, personId: many, source: 'auto' },
          { faceId: ids2[0]!, personId: many, source: 'user' },
        ]);
        const [few1] = await storeWithFaces(1, shaOf(3), '/few.jpg');
        await catalog.assignFaces([{ faceId: few1!, personId: few, source: 'user' }]);

        const people = await catalog.listPeople();
        expect(people.map((person) => person.id)).toEqual([many, few]);
        expect(people[0]).toEqual({ id: many, name: null, hidden: false, faces: 3, photos: 2, samplePath: '/a/one-copy.jpg' });
        expect(people[1]).toEqual({ id: few, name: 'Few', hidden: false, faces: 1, photos: 1, samplePath: '/few.jpg' });
        expect(await catalog.findPerson(many)).toEqual(people[0]);
      });

      it('hides people from the list unless asked', async () => {
        const shown = await catalog.createPerson('Shown');
        const hidden = await catalog.createPerson('Hidden');
        await catalog.setHidden(hidden, true);
        expect((await catalog.listPeople()).map((p) => p.id)).toEqual([shown]);
        const all = await catalog.listPeople({ includeHidden: true });
        expect(all.map((p) => p.id).sort()).toEqual([shown, hidden].sort());
        expect(all.find((p) => p.id === hidden)!.hidden).toBe(true);
        expect((await catalog.findPerson(hidden))!.hidden).toBe(true);
        await catalog.setHidden(hidden, false);
        expect((await catalog.listPeople()).map((p) => p.id).sort()).toEqual([shown, hidden].sort());
      });

      it('renames people and keeps names unique', async () => {
        const a = await catalog.createPerson();
        const b = await catalog.createPerson('Bea');
        await catalog.renamePerson(a, '  Alan  ');
        expect((await catalog.findPerson(a))!.name).toBe('Alan');
        expect((await catalog.findPerson('Alan'))!.id).toBe(a);
        await expect(catalog.renamePerson(a, 'bea')).rejects.toThrow(b);
        await expect(catalog.createPerson('BEA')).rejects.toThrow(/already used/);
        await expect(catalog.renamePerson(a, '   ')).rejects.toThrow(/empty/);
        await catalog.renamePerson(b, 'BEA');
        expect((await catalog.findPerson(b))!.name).toBe('BEA');
      });

      it('un-names a person with null, freeing the name', async () => {
        const a = await catalog.createPerson('Cleo');
        await catalog.renamePerson(a, null);
        expect((await catalog.findPerson(a))!.name).toBeNull();
        expect(await catalog.findPerson('Cleo')).toBeNull();
        const b = await catalog.createPerson('cleo');
        expect((await catalog.findPerson('CLEO'))!.id).toBe(b);
      });

      it('names the unknown person in errors', async () => {
        await expect(catalog.renamePerson('p424242', 'X')).rejects.toThrow('p424242');
        await expect(catalog.setHidden('p424242', true)).rejects.toThrow('p424242');
        await expect(catalog.deletePerson('p424242')).rejects.toThrow('p424242');
        const real = await catalog.createPerson();
        await expect(catalog.mergePeople(real, 'p424242')).rejects.toThrow('p424242');
        await expect(catalog.mergePeople('p424243', real)).rejects.toThrow('p424243');
        await expect(catalog.photosWithPeople([real, 'p424244'])).rejects.toThrow('p424244');
      });
    });

    describe('applying a clustering run', () => {
      it('creates people, assigns and deletes in one go', async () => {
        const ids = await storeWithFaces(4, shaOf(1), '/a.jpg');
        const old = await catalog.createPerson();
        await catalog.assignFaces([{ faceId: ids[0]!, personId: old, source: 'auto' }]);
        const keep = await catalog.createPerson('Ada');
        const created = await catalog.applyClustering({
          assignments: [{ faceId: ids[0]!, personId: keep, source: 'auto' }],
          newPeople: [[ids[1]!, ids[2]!], [ids[3]!]],
          deletePeople: [old],
        });
        expect(created).toHaveLength(2);
        const faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: keep, source: 'auto' });
        expect(faces.get(ids[1]!)).toMatchObject({ personId: created[0], source: 'auto' });
        expect(faces.get(ids[2]!)).toMatchObject({ personId: created[0], source: 'auto' });
        expect(faces.get(ids[3]!)).toMatchObject({ personId: created[1], source: 'auto' });
        expect(await catalog.findPerson(old)).toBeNull();
      });

      it('changes nothing when any part fails', async () => {
        const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
        const before = await catalog.listPeople({ includeHidden: true });
        await expect(
          catalog.applyClustering({ assignments: [], newPeople: [[ids[0]!], ['no-such-face']], deletePeople: [] }),
        ).rejects.toThrow('no-such-face');
        expect(await catalog.listPeople({ includeHidden: true })).toEqual(before);
        expect((await catalog.listFaces()).every((f) => f.personId === null)).toBe(true);
        // The failed run consumed no person ids: the next run numbers its people as an uninterrupted one would.
        const [next] = await catalog.applyClustering({ assignments: [], newPeople: [[ids[0]!]], deletePeople: [] });
        const fresh = await catalog.createPerson();
        expect(Number(fresh.slice(1))).toBe(Number(next!.slice(1)) + 1);
      });
    });

    describe('assignments', () => {
      it('assigns and unassigns faces', async () => {
        const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
        const person = await catalog.createPerson('Ada');
        await catalog.assignFaces([
          { faceId: ids[0]!, personId: person, source: 'auto' },
          { faceId: ids[1]!, personId: person, source: 'user' },
        ]);
        let faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: person, source: 'auto' });
        expect(faces.get(ids[1]!)).toMatchObject({ personId: person, source: 'user' });

        await catalog.assignFaces([
          { faceId: ids[0]!, personId: null, source: 'auto' },
          { faceId: ids[1]!, personId: null, source: 'user' },
        ]);
        faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: null });
        // The user said "not this person": kept as a decision so clustering leaves it alone.
        expect(faces.get(ids[1]!)).toMatchObject({ personId: null, source: 'user' });
      });

      it('rejects a batch naming an unknown face or person, changing nothing', async () => {
        const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
        const person = await catalog.createPerson();
        await expect(
          catalog.assignFaces([
            { faceId: face!, personId: person, source: 'user' },
            { faceId: 'no-such-face', personId: person, source: 'user' },
          ]),
        ).rejects.toThrow('no-such-face');
        await expect(catalog.assignFaces([{ faceId: face!, personId: 'p77777', source: 'user' }])).rejects.toThrow('p77777');
        expect((await catalog.listFaces())[0]).toMatchObject({ personId: null, source: null });
      });

      it('never lets an automatic assignment override the user', async () => {
        const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
        const ada = await catalog.createPerson('Ada');
        const bob = await catalog.createPerson('Bob');
        await catalog.assignFaces([
          { faceId: ids[0]!, personId: ada, source: 'user' },
          { faceId: ids[1]!, personId: null, source: 'user' },
        ]);
        await catalog.addConstraint({ kind: 'not-person', faceId: ids[2]!, personId: bob });

        await catalog.assignFaces([
          { faceId: ids[0]!, personId: bob, source: 'auto' },
          { faceId: ids[1]!, personId: bob, source: 'auto' },
          { faceId: ids[2]!, personId: bob, source: 'auto' },
        ]);
        const faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: ada, source: 'user' });
        expect(faces.get(ids[1]!)).toMatchObject({ personId: null, source: 'user' });
        expect(faces.get(ids[2]!)).toMatchObject({ personId: null, source: null });

        // A user can always override the user, and the automatic pass may assign the face to someone else.
        await catalog.assignFaces([
          { faceId: ids[0]!, personId: bob, source: 'user' },
          { faceId: ids[2]!, personId: ada, source: 'auto' },
        ]);
        const after = byId(await catalog.listFaces());
        expect(after.get(ids[0]!)).toMatchObject({ personId: bob, source: 'user' });
        expect(after.get(ids[2]!)).toMatchObject({ personId: ada, source: 'auto' });
      });

      it('keeps a person whose faces were all reassigned, even unnamed', async () => {
        // A split or a move takes several calls; the person must still exist for the next one.
        const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
        const cluster = await catalog.createPerson();
        const ada = await catalog.createPerson('Ada');
        await catalog.assignFaces([{ faceId: face!, personId: cluster, source: 'auto' }]);
        await catalog.assignFaces([{ faceId: face!, personId: ada, source: 'user' }]);
        expect(await catalog.findPerson(cluster)).toMatchObject({ faces: 0 });
        await catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: cluster });
        expect(await catalog.listConstraints()).toHaveLength(1);
      });
    });

    describe('merge and delete', () => {
      it('moves every face of the merged person as user decisions', async () => {
        const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
        const [other] = await storeWithFaces(1, shaOf(2), '/b.jpg');
        const into = await catalog.createPerson('Ada');
        const from = await catalog.createPerson();
        await catalog.setHidden(from, true);
        await catalog.assignFaces([
          { faceId: ids[0]!, personId: into, source: 'auto' },
          { faceId: ids[1]!, personId: from, source: 'auto' },
          { faceId: ids[2]!, personId: from, source: 'user' },
          { faceId: other!, personId: from, source: 'auto' },
        ]);

        await catalog.mergePeople(into, from);

        expect(await catalog.findPerson(from)).toBeNull();
        expect(await catalog.findPerson(into)).toMatchObject({ name: 'Ada', hidden: false, faces: 4, photos: 2 });
        const faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: into, source: 'auto' });
        for (const id of [ids[1]!, ids[2]!, other!]) expect(faces.get(id)).toMatchObject({ personId: into, source: 'user' });
        expect(await catalog.counts()).toMatchObject({ people: 1 });
      });

      it('keeps the name of the person merged into, or takes the other one', async () => {
        const named = await catalog.createPerson('Ada');
        const alsoNamed = await catalog.createPerson('Ada L.');
        await catalog.mergePeople(named, alsoNamed);
        expect((await catalog.findPerson(named))!.name).toBe('Ada');
        expect(await catalog.findPerson('Ada L.')).toBeNull();

        const anonymous = await catalog.createPerson();
        const bob = await catalog.createPerson('Bob');
        await catalog.mergePeople(anonymous, bob);
        expect((await catalog.findPerson(anonymous))!.name).toBe('Bob');
        expect((await catalog.findPerson('bob'))!.id).toBe(anonymous);
      });

      it('re-points constraints to the surviving person', async () => {
        const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
        const into = await catalog.createPerson('Into');
        const from = await catalog.createPerson('From');
        const third = await catalog.createPerson('Third');
        const fourth = await catalog.createPerson('Fourth');
        await catalog.assignFaces([{ faceId: ids[1]!, personId: from, source: 'user' }]);
        await catalog.addConstraint({ kind: 'not-person', faceId: ids[0]!, personId: from });
        await catalog.addConstraint({ kind: 'different-people', personA: from, personB: third });
        await catalog.addConstraint({ kind: 'different-people', personA: fourth, personB: from });
        await catalog.addConstraint({ kind: 'different-people', personA: into, personB: third });
        // Merging says the two are one: these contradict the merge and go.
        await catalog.addConstraint({ kind: 'different-people', personA: into, personB: from });
        await catalog.addConstraint({ kind: 'not-person', faceId: ids[1]!, personId: into });

        await catalog.mergePeople(into, from);

        expect(normalise(await catalog.listConstraints())).toEqual(
          normalise([
            { kind: 'not-person', faceId: ids[0]!, personId: into },
            { kind: 'different-people', personA: into, personB: third },
            { kind: 'different-people', personA: into, personB: fourth },
          ]),
        );
      });

      it('refuses to merge a person into themselves', async () => {
        const a = await catalog.createPerson('Ada');
        await expect(catalog.mergePeople(a, a)).rejects.toThrow(a);
        expect(await catalog.findPerson(a)).not.toBeNull();
      });

      it('deletes a person, freeing their faces and dropping their constraints', async () => {
        const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
        const gone = await catalog.createPerson('Gone');
        const other = await catalog.createPerson('Other');
        await catalog.assignFaces([
          { faceId: ids[0]!, personId: gone, source: 'user' },
          { faceId: ids[1]!, personId: gone, source: 'auto' },
        ]);
        await catalog.addConstraint({ kind: 'different-people', personA: gone, personB: other });

        await catalog.deletePerson(gone);

        expect(await catalog.findPerson(gone)).toBeNull();
        expect(await catalog.findPerson('Gone')).toBeNull();
        for (const face of await catalog.listFaces()) expect(face).toMatchObject({ personId: null, source: null });
        expect(await catalog.listConstraints()).toEqual([]);
        expect(await catalog.counts()).toMatchObject({ people: 1, faces: 2 });
      });
    });

    describe('constraints', () => {
      it('round-trips both kinds, once each', async () => {
        const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
        const a = await catalog.createPerson('A');
        const b = await catalog.createPerson('B');
        const constraints: Constraint[] = [
          { kind: 'not-person', faceId: face!, personId: a },
          { kind: 'different-people', personA: a, personB: b },
        ];
        for (const constraint of constraints) await catalog.addConstraint(constraint);
        await catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: a });
        await catalog.addConstraint({ kind: 'different-people', personA: b, personB: a });
        expect(normalise(await catalog.listConstraints())).toEqual(normalise(constraints));
      });

      it('rejects constraints about unknown faces or people, or a person against themselves', async () => {
        const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
        const a = await catalog.createPerson('A');
        await expect(catalog.addConstraint({ kind: 'not-person', faceId: 'no-such-face', personId: a })).rejects.toThrow(
          'no-such-face',
        );
        await expect(catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: 'p55555' })).rejects.toThrow(
          'p55555',
        );
        await expect(
          catalog.addConstraint({ kind: 'different-people', personA: a, personB: 'p55556' }),
        ).rejects.toThrow('p55556');
        await expect(catalog.addConstraint({ kind: 'different-people', personA: a, personB: a })).rejects.toThrow(a);
        expect(await catalog.listConstraints()).toEqual([]);
      });

      it('takes a face away from the person it is declared not to be', async () => {
        const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
        const ada = await catalog.createPerson('Ada');
        await catalog.assignFaces(ids.map((id) => ({ faceId: id, personId: ada, source: 'auto' as const })));
        await catalog.addConstraint({ kind: 'not-person', faceId: ids[0]!, personId: ada });
        const faces = byId(await catalog.listFaces());
        // Free again for clustering, which the constraint keeps away from Ada.
        expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: null });
        expect(faces.get(ids[1]!)).toMatchObject({ personId: ada });
        await catalog.assignFaces([{ faceId: ids[0]!, personId: ada, source: 'auto' }]);
        expect(byId(await catalog.listFaces()).get(ids[0]!)).toMatchObject({ personId: null, source: null });

        // Latest user decision wins: assigning it back by hand lifts the constraint.
        await catalog.assignFaces([{ faceId: ids[0]!, personId: ada, source: 'user' }]);
        expect(await catalog.listConstraints()).toEqual([]);
      });
    });

    describe('not a face, and decisions taken back (review answers and their undo)', () => {
      it('marks faces as not a face: out of their person, a user "nobody" no automatic pass places', async () => {
        const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
        const ada = await catalog.createPerson('Ada');
        await catalog.assignFaces(ids.map((id) => ({ faceId: id, personId: ada, source: 'auto' as const })));
        await catalog.markNotAFace([ids[2]!, ids[0]!]);
        await catalog.markNotAFace([ids[0]!]);

        expect(await catalog.listNotAFaces()).toEqual([ids[0]!, ids[2]!].sort());
        let faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: 'user' });
        expect(faces.get(ids[1]!)).toMatchObject({ personId: ada, source: 'auto' });
        await catalog.applyClustering({ assignments: [{ faceId: ids[0]!, personId: ada, source: 'auto' }], newPeople: [[ids[2]!]], deletePeople: [] });
        faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: 'user' });
        expect(faces.get(ids[2]!)).toMatchObject({ personId: null, source: 'user' });
        expect(await catalog.findPerson(ada)).toMatchObject({ faces: 1 });
      });

      it('lifts the mark when the user puts the face into a person, and refuses unknown faces', async () => {
        const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
        const ada = await catalog.createPerson('Ada');
        await catalog.markNotAFace(ids);
        await catalog.assignFaces([{ faceId: ids[0]!, personId: ada, source: 'user' }]);
        expect(await catalog.listNotAFaces()).toEqual([ids[1]!]);
        await expect(catalog.markNotAFace([ids[0]!, 'no-such-face'])).rejects.toThrow('no-such-face');
        expect(await catalog.listNotAFaces()).toEqual([ids[1]!]);
        expect(byId(await catalog.listFaces()).get(ids[0]!)).toMatchObject({ personId: ada, source: 'user' });
      });

      it('forgets marks of faces that are gone', async () => {
        const [gone] = await storeWithFaces(1, shaOf(1), '/gone.jpg');
        const [kept] = await storeWithFaces(1, shaOf(2), '/kept.jpg');
        await catalog.markNotAFace([gone!, kept!]);
        await catalog.removeFiles(['/gone.jpg']);
        expect(await catalog.listNotAFaces()).toEqual([kept!]);
      });

      it('forgets assignments: the faces are undecided again, marks lifted, constraints kept', async () => {
        const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
        const ada = await catalog.createPerson('Ada');
        const bob = await catalog.createPerson('Bob');
        await catalog.assignFaces([
          { faceId: ids[0]!, personId: ada, source: 'user' },
          { faceId: ids[1]!, personId: bob, source: 'auto' },
        ]);
        await catalog.markNotAFace([ids[2]!]);
        await catalog.addConstraint({ kind: 'not-person', faceId: ids[0]!, personId: bob });

        await catalog.forgetAssignments(ids);

        for (const face of await catalog.listFaces()) expect(face).toMatchObject({ personId: null, source: null });
        expect(await catalog.listNotAFaces()).toEqual([]);
        expect(await catalog.listConstraints()).toEqual([{ kind: 'not-person', faceId: ids[0]!, personId: bob }]);
        expect(await catalog.findPerson(ada)).toMatchObject({ faces: 0 });
        // Undecided, so an automatic assignment applies again (the constraint still bars Bob).
        await catalog.assignFaces([
          { faceId: ids[0]!, personId: ada, source: 'auto' },
          { faceId: ids[2]!, personId: bob, source: 'auto' },
        ]);
        const faces = byId(await catalog.listFaces());
        expect(faces.get(ids[0]!)).toMatchObject({ personId: ada, source: 'auto' });
        expect(faces.get(ids[2]!)).toMatchObject({ personId: bob, source: 'auto' });
        await expect(catalog.forgetAssignments([ids[0]!, 'no-such-face'])).rejects.toThrow('no-such-face');
        expect(byId(await catalog.listFaces()).get(ids[0]!)).toMatchObject({ personId: ada, source: 'auto' });
      });

      it('removes constraints of both kinds, different-people in either order; a missing one is no error', async () => {
        const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
        const a = await catalog.createPerson('A');
        const b = await catalog.createPerson('B');
        const c = await catalog.createPerson('C');
        await catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: a });
        await catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: b });
        await catalog.addConstraint({ kind: 'different-people', personA: a, personB: b });
        await catalog.addConstraint({ kind: 'different-people', personA: a, personB: c });

        await catalog.removeConstraint({ kind: 'not-person', faceId: face!, personId: a });
        await catalog.removeConstraint({ kind: 'different-people', personA: b, personB: a });
        await catalog.removeConstraint({ kind: 'different-people', personA: b, personB: c });
        await catalog.removeConstraint({ kind: 'not-person', faceId: face!, personId: c });

        expect(normalise(await catalog.listConstraints())).toEqual(
          normalise([
            { kind: 'not-person', faceId: face!, personId: b },
            { kind: 'different-people', personA: a, personB: c },
          ]),
        );
        // The face stays unassigned: removing a constraint moves nothing.
        expect((await catalog.listFaces())[0]).toMatchObject({ personId: null, source: null });
      });
    });

    describe('photos with people', () => {
      it('returns photos showing every listed person', async () => {
        const one = await storeWithFaces(2, shaOf(1), '/1.jpg');
        const two = await storeWithFaces(2, shaOf(2), '/2.jpg');
        const three = await storeWithFaces(1, shaOf(3), '/3.jpg');
        await storeWithFaces(1, shaOf(4), '/4.jpg');
        const ada = await catalog.createPerson('Ada');
        const bob = await catalog.createPerson('Bob');
        const nobody = await catalog.createPerson('Nobody');
        await catalog.assignFaces([
          { faceId: one[0]!, personId: ada, source: 'user' },
          { faceId: one[1]!, personId: bob, source: 'user' },
          { faceId: two[0]!, personId: ada, source: 'auto' },
          { faceId: two[1]!, personId: ada, source: 'auto' },
          { faceId: three[0]!, personId: bob, source: 'auto' },
        ]);

        const shas = async (ids: string[]) => (await catalog.photosWithPeople(ids)).map((photo) => photo.sha256).sort();
        expect(await shas([ada])).toEqual([shaOf(1), shaOf(2)]);
        expect(await shas([bob])).toEqual([shaOf(1), shaOf(3)]);
        expect(await shas([ada, bob])).toEqual([shaOf(1)]);
        expect(await shas([ada, ada])).toEqual([shaOf(1), shaOf(2)]);
        expect(await shas([ada, nobody])).toEqual([]);
        expect(await shas([])).toEqual([shaOf(1), shaOf(2), shaOf(3), shaOf(4)]);
        const [photo] = await catalog.photosWithPeople([ada, bob]);
        expect(photo).toMatchObject({ path: '/1.jpg', pack: PACK, width: 4000 });
      });

      it('lists every photo with its first path', async () => {
        await storeWithFaces(1, shaOf(1), '/b.jpg');
        await storeWithFaces(0, shaOf(2), '/c.jpg');
        await catalog.linkFile({ path: '/a.jpg', sha256: shaOf(2), size: 1, mtimeMs: 1 });
        const photos = await catalog.listPhotos();
        expect(photos.map((photo) => [photo.sha256, photo.path]).sort()).toEqual([
          [shaOf(1), '/b.jpg'],
          [shaOf(2), '/a.jpg'],
        ]);
      });
    });

    describe('runs, errors and counts', () => {
      it('records runs', async () => {
        expect(await catalog.lastRun()).toBeNull();
        const first = await catalog.startRun('/photos', PACK);
        expect(await catalog.lastRun()).toMatchObject({ id: first, root: '/photos', pack: PACK, finishedAt: null, stats: {} });
        await catalog.finishRun(first, { photos: 12, faces: 30 });
        const finished = (await catalog.lastRun())!;
        expect(finished).toMatchObject({ id: first, stats: { photos: 12, faces: 30 } });
        expect(finished.finishedAt).not.toBeNull();
        expect(Date.parse(finished.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(finished.startedAt));

        const second = await catalog.startRun('/other', OTHER_PACK);
        expect(second).not.toBe(first);
        expect(await catalog.lastRun()).toMatchObject({ id: second, root: '/other', pack: OTHER_PACK, finishedAt: null });
        await expect(catalog.finishRun(second + 1000, {})).rejects.toThrow(String(second + 1000));
      });

      it('keeps one error per path until cleared', async () => {
        await catalog.recordError('/b.jpg', 'truncated file');
        await catalog.recordError('/a.jpg', 'unsupported format');
        await catalog.recordError('/b.jpg', 'still truncated');
        const errors = await catalog.listErrors();
        expect(errors.map(({ path, reason }) => ({ path, reason })).sort((x, y) => x.path.localeCompare(y.path))).toEqual([
          { path: '/a.jpg', reason: 'unsupported format' },
          { path: '/b.jpg', reason: 'still truncated' },
        ]);
        for (const error of errors) expect(Number.isNaN(Date.parse(error.at))).toBe(false);
        expect((await catalog.counts()).errors).toBe(2);
        await catalog.clearError('/b.jpg');
        await catalog.clearError('/never-failed.jpg');
        expect((await catalog.listErrors()).map((error) => error.path)).toEqual(['/a.jpg']);
      });

      it('keeps the time an error was first seen when a copy passes it', async () => {
        await catalog.recordError('/old.jpg', 'truncated file', '2024-01-02T03:04:05.678Z');
        expect(await catalog.listErrors()).toEqual([{ path: '/old.jpg', reason: 'truncated file', at: '2024-01-02T03:04:05.678Z' }]);
      });

      it('counts photos, faces, people, files and errors', async () => {
        expect(await catalog.counts()).toEqual({ photos: 0, faces: 0, people: 0, files: 0, errors: 0 });
        await storeWithFaces(3, shaOf(1), '/a.jpg');
        await storeWithFaces(2, shaOf(2), '/b.jpg');
        await catalog.linkFile({ path: '/c.jpg', sha256: shaOf(2), size: 1, mtimeMs: 1 });
        const hidden = await catalog.createPerson();
        await catalog.setHidden(hidden, true);
        await catalog.createPerson('Ada');
        await catalog.recordError('/bad.jpg', 'broken');
        expect(await catalog.counts()).toEqual({ photos: 2, faces: 5, people: 2, files: 3, errors: 1 });
      });
    });
  });
}

/** Constraints compared as a set, with different-people pairs in either order. */
function normalise(constraints: Constraint[]): string[] {
  return constraints
    .map((constraint) =>
      constraint.kind === 'not-person'
        ? `not-person ${constraint.faceId} ${constraint.personId}`
        : `different-people ${[constraint.personA, constraint.personB].sort().join(' ')}`,
    )
    .sort();
}
