import { describe, expect, it } from 'vitest';
import { faceId, type Catalog } from '../../../src/catalog/catalog.js';
import { cosineDistance, makeFace, makeFaces, OTHER_PACK, PACK, randomUnitVector, shaOf } from '../catalog-fixtures.js';
import { type ContractContext } from './contract-context.js';

/** The catalog contract: importing people (copying a library), pruning, faces, nearest faces. */
export function importPruningFacesContract(ctx: ContractContext): void {
  const { store, storeWithFaces } = ctx;

  describe('importing people (copying a library)', () => {
    it('creates people with the given ids, names and hidden flags, and never hands those ids out again', async () => {
      const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
      await ctx.catalog.importPeople([
        { id: 'p3', name: 'Ada', hidden: false },
        { id: 'p7', name: null, hidden: true },
        { id: 'p12', name: '  Bob ', hidden: false },
      ]);
      const people = await ctx.catalog.listPeople({ includeHidden: true });
      expect(people.map(({ id, name, hidden }) => ({ id, name, hidden }))).toEqual([
        { id: 'p3', name: 'Ada', hidden: false },
        { id: 'p7', name: null, hidden: true },
        { id: 'p12', name: 'Bob', hidden: false },
      ]);
      expect(await ctx.catalog.findPerson('bob')).toMatchObject({ id: 'p12' });
      await ctx.catalog.assignFaces([{ faceId: face!, personId: 'p7', source: 'user' }]);
      expect(await ctx.catalog.findPerson('p7')).toMatchObject({ faces: 1, hidden: true });
      expect(await ctx.catalog.createPerson()).toBe('p13');
      await expect(ctx.catalog.createPerson('ada')).rejects.toThrow(/already used/);
    });

    it('keeps the counter when it is already past the imported ids', async () => {
      for (let i = 0; i < 5; i++) await ctx.catalog.createPerson();
      await ctx.catalog.deletePerson('p5');
      await ctx.catalog.importPeople([{ id: 'p9', name: 'Nine', hidden: false }]);
      expect(await ctx.catalog.createPerson()).toBe('p10');
      await ctx.catalog.importPeople([{ id: 'p2', name: 'Two', hidden: false }, { id: 'p5', name: null, hidden: false }]);
      expect(await ctx.catalog.createPerson()).toBe('p11');
      expect((await ctx.catalog.findPerson('p2'))!.name).toBe('Two');
      expect(await ctx.catalog.findPerson('p5')).toMatchObject({ name: null, hidden: false });
    });

    it('is idempotent: importing again updates names and flags and creates no one twice', async () => {
      const people = [
        { id: 'p1', name: 'Ada', hidden: false },
        { id: 'p2', name: 'Bob', hidden: false },
      ];
      await ctx.catalog.importPeople(people);
      await ctx.catalog.importPeople(people);
      expect((await ctx.catalog.counts()).people).toBe(2);
      // Two people of the list may swap names.
      await ctx.catalog.importPeople([
        { id: 'p1', name: 'Bob', hidden: true },
        { id: 'p2', name: 'Ada', hidden: false },
      ]);
      const after = await ctx.catalog.listPeople({ includeHidden: true });
      expect(after.map(({ id, name, hidden }) => ({ id, name, hidden })).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'p1', name: 'Bob', hidden: true },
        { id: 'p2', name: 'Ada', hidden: false },
      ]);
    });

    it('rejects bad ids, repeated ids and name clashes, importing nothing', async () => {
      const holder = await ctx.catalog.createPerson('Cy');
      const rejects = async (people: { id: string; name: string | null; hidden: boolean }[], message: RegExp | string) => {
        await expect(ctx.catalog.importPeople(people)).rejects.toThrow(message);
      };
      await rejects([{ id: 'p4', name: null, hidden: false }, { id: 'x5', name: null, hidden: false }], 'x5');
      await rejects([{ id: 'p0', name: null, hidden: false }], 'p0');
      await rejects([{ id: 'p4', name: null, hidden: false }, { id: 'p4', name: 'Dee', hidden: false }], /p4 twice/);
      await rejects([{ id: 'p4', name: 'Dee', hidden: false }, { id: 'p5', name: 'DEE', hidden: false }], /Dee/i);
      await rejects([{ id: 'p4', name: 'Eve', hidden: false }, { id: 'p5', name: 'cy', hidden: false }], holder);
      await rejects([{ id: 'p4', name: '  ', hidden: false }], /empty/);
      expect((await ctx.catalog.listPeople({ includeHidden: true })).map((person) => person.id)).toEqual([holder]);
      expect(await ctx.catalog.createPerson()).not.toMatch(/^p[45]$/);
    });
  });
  describe('pruning', () => {
    it('keeps a photo while any of its paths remains', async () => {
      await storeWithFaces(2, shaOf(1), '/a.jpg');
      await ctx.catalog.linkFile({ path: '/b.jpg', sha256: shaOf(1), size: 1, mtimeMs: 1 });

      expect(await ctx.catalog.removeFiles(['/a.jpg'])).toBe(1);
      expect((await ctx.catalog.getPhoto(shaOf(1)))!.path).toBe('/b.jpg');
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 1, faces: 2, files: 1 });
    });

    it('deletes unreachable photos with their faces and counts only known paths', async () => {
      const faces = makeFaces(ctx.random, 2);
      await store({ sha256: shaOf(1), path: '/a.jpg', faces });
      await storeWithFaces(1, shaOf(2), '/b.jpg');

      expect(await ctx.catalog.removeFiles(['/a.jpg', '/unknown.jpg', '/a.jpg'])).toBe(1);

      expect(await ctx.catalog.getPhoto(shaOf(1))).toBeNull();
      expect(await ctx.catalog.getFile('/a.jpg')).toBeNull();
      expect(await ctx.catalog.listFaces({ photoSha256: shaOf(1) })).toEqual([]);
      expect(await ctx.catalog.counts()).toMatchObject({ photos: 1, faces: 1, files: 1 });
      const neighbours = await ctx.catalog.nearestFaces(faces[0]!.embedding, PACK, 10);
      expect(neighbours.map((n) => n.faceId)).toEqual([faceId(shaOf(2), PACK, 0)]);
      expect(await ctx.catalog.getFaceEmbeddings([faceId(shaOf(1), PACK, 0)])).toEqual(new Map());
    });

    it('deletes unnamed people left without faces, and keeps the others', async () => {
      const [gone] = await storeWithFaces(1, shaOf(1), '/gone.jpg');
      const [kept] = await storeWithFaces(1, shaOf(2), '/kept.jpg');
      const anonymousEmptied = await ctx.catalog.createPerson();
      const namedEmptied = await ctx.catalog.createPerson('Grace');
      const anonymousElsewhere = await ctx.catalog.createPerson();
      const untouchedEmpty = await ctx.catalog.createPerson();
      const [alsoGone] = await storeWithFaces(1, shaOf(3), '/gone2.jpg');
      const [alsoGone2] = await storeWithFaces(1, shaOf(4), '/gone3.jpg');
      await ctx.catalog.assignFaces([
        { faceId: gone!, personId: anonymousEmptied, source: 'auto' },
        { faceId: alsoGone!, personId: namedEmptied, source: 'user' },
        { faceId: alsoGone2!, personId: anonymousElsewhere, source: 'auto' },
        { faceId: kept!, personId: anonymousElsewhere, source: 'auto' },
      ]);

      expect(await ctx.catalog.removeFiles(['/gone.jpg', '/gone2.jpg', '/gone3.jpg'])).toBe(3);

      expect(await ctx.catalog.findPerson(anonymousEmptied)).toBeNull();
      expect(await ctx.catalog.findPerson(namedEmptied)).toMatchObject({ name: 'Grace', faces: 0 });
      expect(await ctx.catalog.findPerson(anonymousElsewhere)).toMatchObject({ faces: 1 });
      // Never had faces, so nothing was taken from it.
      expect(await ctx.catalog.findPerson(untouchedEmpty)).not.toBeNull();
    });

    it('drops constraints about faces that are gone', async () => {
      const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
      const person = await ctx.catalog.createPerson('Ada');
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: person });
      await ctx.catalog.removeFiles(['/a.jpg']);
      expect(await ctx.catalog.listConstraints()).toEqual([]);
    });
  });
  describe('faces', () => {
    it('filters by pack, photo and person', async () => {
      const a = await storeWithFaces(3, shaOf(1), '/a.jpg');
      const b = await storeWithFaces(2, shaOf(2), '/b.jpg');
      const c = await storeWithFaces(2, shaOf(3), '/c.jpg', OTHER_PACK);
      const person = await ctx.catalog.createPerson();
      await ctx.catalog.assignFaces([
        { faceId: a[0]!, personId: person, source: 'auto' },
        { faceId: b[1]!, personId: person, source: 'auto' },
        { faceId: c[0]!, personId: person, source: 'user' },
      ]);

      const ids = async (filter?: Parameters<Catalog['listFaces']>[0]) =>
        (await ctx.catalog.listFaces(filter)).map((face) => face.id).sort();
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
      const faces = makeFaces(ctx.random, 3, 32);
      const ids = await store({ sha256: shaOf(1), path: '/a.jpg', faces });
      await storeWithFaces(2, shaOf(2), '/b.jpg', OTHER_PACK);
      const person = await ctx.catalog.createPerson();
      await ctx.catalog.assignFaces([{ faceId: ids[1]!, personId: person, source: 'auto' }]);

      const all = await ctx.catalog.listFacesWithEmbeddings(PACK);
      expect(all.map((face) => face.id).sort()).toEqual([...ids].sort());
      for (const face of all) {
        expect(face.embedding).toBeInstanceOf(Float32Array);
        expect(Array.from(face.embedding)).toEqual(Array.from(faces[face.index]!.embedding));
      }
      expect(all.find((face) => face.id === ids[1])).toMatchObject({ personId: person, source: 'auto' });

      const unassigned = await ctx.catalog.listFacesWithEmbeddings(PACK, { unassignedOnly: true });
      expect(unassigned.map((face) => face.id).sort()).toEqual([ids[0]!, ids[2]!].sort());
      expect(await ctx.catalog.listFacesWithEmbeddings('no-such-pack')).toEqual([]);
    });

    it('looks up embeddings by face id and skips unknown ids', async () => {
      const faces = makeFaces(ctx.random, 2, 16);
      const ids = await store({ sha256: shaOf(1), path: '/a.jpg', faces });
      const found = await ctx.catalog.getFaceEmbeddings([ids[1]!, 'no-such-face']);
      expect([...found.keys()]).toEqual([ids[1]]);
      expect(Array.from(found.get(ids[1]!)!)).toEqual(Array.from(faces[1]!.embedding));
      expect(await ctx.catalog.getFaceEmbeddings([])).toEqual(new Map());
    });

    it('pages through a pack\'s embeddings: every face once, exactly as stored, other packs left out', async () => {
      const faces = [...makeFaces(ctx.random, 3, 16), ...makeFaces(ctx.random, 2, 16)];
      const ids = [
        ...(await store({ sha256: shaOf(1), path: '/a.jpg', faces: faces.slice(0, 3) })),
        ...(await store({ sha256: shaOf(2), path: '/b.jpg', faces: faces.slice(3) })),
      ];
      await storeWithFaces(2, shaOf(3), '/c.jpg', OTHER_PACK);
      const stored = new Map(ids.map((id, i) => [id, faces[i]!.embedding]));

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await ctx.catalog.embeddingPage(PACK, cursor, 2);
        expect(page.faceIds.length).toBeLessThanOrEqual(2);
        page.faceIds.forEach((id, i) => {
          expect(page.dimensions).toBe(16);
          expect(Array.from(page.embeddings.subarray(i * 16, (i + 1) * 16))).toEqual(Array.from(stored.get(id)!));
        });
        seen.push(...page.faceIds);
        cursor = page.next;
        pages++;
      } while (cursor !== null && pages < 10);
      expect(seen.sort()).toEqual([...ids].sort());
      expect(await ctx.catalog.embeddingPage('no-such-pack', null, 5)).toEqual({ faceIds: [], embeddings: new Float32Array(0), dimensions: 0, next: null });
      await expect(ctx.catalog.embeddingPage(PACK, null, 0)).rejects.toThrow(/page size/);
    });

    it('looks up faces by id in the order asked, each once, with their person, and skips unknown ids', async () => {
      const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
      const [other] = await storeWithFaces(1, shaOf(2), '/b.jpg', OTHER_PACK);
      const person = await ctx.catalog.createPerson('Ada');
      await ctx.catalog.assignFaces([{ faceId: ids[2]!, personId: person, source: 'user' }]);
      const found = await ctx.catalog.getFaces([ids[2]!, 'no-such-face', other!, ids[0]!, ids[2]!]);
      expect(found.map((f) => f.id)).toEqual([ids[2], other, ids[0]]);
      expect(found[0]).toEqual((await ctx.catalog.listFaces({ photoSha256: shaOf(1) })).find((f) => f.id === ids[2]));
      expect(found[0]).toMatchObject({ personId: person, source: 'user', pack: PACK });
      expect(found[1]).toMatchObject({ personId: null, pack: OTHER_PACK });
      expect(await ctx.catalog.getFaces([])).toEqual([]);
    });
  });
  describe('nearest faces', () => {
    it('returns the true nearest neighbours of the pack, nearest first', async () => {
      const dimensions = 128;
      const stored = new Map<string, Float32Array>();
      for (let photo = 0; photo < 100; photo++) {
        const faces = Array.from({ length: 5 }, (_, i) => makeFace(i, randomUnitVector(ctx.random, dimensions)));
        const ids = await store({ sha256: shaOf(photo + 1), path: `/photos/${photo}.jpg`, faces });
        ids.forEach((id, i) => stored.set(id, faces[i]!.embedding));
      }
      // Same size, other pack, and right on top of the queries: any leak across packs would rank first.
      const queries = [
        ...Array.from({ length: 15 }, () => randomUnitVector(ctx.random, dimensions)),
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
        const actual = await ctx.catalog.nearestFaces(query, PACK, k);
        expect(actual.map((n) => n.faceId)).toEqual(expected.map((n) => n.faceId));
        actual.forEach((neighbour, i) => expect(neighbour.distance).toBeCloseTo(expected[i]!.distance, 5));
        for (let i = 1; i < actual.length; i++) expect(actual[i]!.distance).toBeGreaterThanOrEqual(actual[i - 1]!.distance);
      }
      const self = await ctx.catalog.nearestFaces(queries[15]!, PACK, 1);
      expect(self[0]!.distance).toBeCloseTo(0, 5);
    });

    it('returns every face when k exceeds the count, and nothing for k = 0 or an unknown pack', async () => {
      const faces = makeFaces(ctx.random, 3, 8);
      await store({ sha256: shaOf(1), path: '/a.jpg', faces });
      expect(await ctx.catalog.nearestFaces(faces[0]!.embedding, PACK, 50)).toHaveLength(3);
      expect(await ctx.catalog.nearestFaces(faces[0]!.embedding, PACK, 0)).toEqual([]);
      expect(await ctx.catalog.nearestFaces(faces[0]!.embedding, 'no-such-pack', 5)).toEqual([]);
    });

    it('rejects a query whose size does not match the pack', async () => {
      await storeWithFaces(2, shaOf(1), '/a.jpg');
      await expect(ctx.catalog.nearestFaces(randomUnitVector(ctx.random, 5), PACK, 3)).rejects.toThrow(/5/);
    });

    it('measures cosine distance, not euclidean', async () => {
      const base = randomUnitVector(ctx.random, 8);
      const scaled = base.map((x) => x * 3);
      const opposite = base.map((x) => -x);
      await store({ sha256: shaOf(1), path: '/a.jpg', faces: [makeFace(0, scaled), makeFace(1, opposite)] });
      const neighbours = await ctx.catalog.nearestFaces(base, PACK, 2);
      expect(neighbours[0]).toMatchObject({ faceId: faceId(shaOf(1), PACK, 0) });
      expect(neighbours[0]!.distance).toBeCloseTo(0, 5);
      expect(neighbours[1]!.distance).toBeCloseTo(2, 5);
    });
  });
}
