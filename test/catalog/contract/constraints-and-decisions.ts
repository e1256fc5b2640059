import { describe, expect, it } from 'vitest';
import { faceId, type Constraint } from '../../../src/catalog/catalog.js';
import { OTHER_PACK, PACK, shaOf } from '../catalog-fixtures.js';
import { type ContractContext, normalise } from './contract-context.js';

/** The catalog contract: constraints, not a face, and decisions taken back (review answers and their undo), photos with people, runs, errors and counts. */
export function constraintsAndDecisionsContract(ctx: ContractContext): void {
  const { storeWithFaces, byId } = ctx;

  describe('constraints', () => {
    it('round-trips both kinds, once each', async () => {
      const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
      const a = await ctx.catalog.createPerson('A');
      const b = await ctx.catalog.createPerson('B');
      const constraints: Constraint[] = [
        { kind: 'not-person', faceId: face!, personId: a },
        { kind: 'different-people', personA: a, personB: b },
      ];
      for (const constraint of constraints) await ctx.catalog.addConstraint(constraint);
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: a });
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: b, personB: a });
      expect(normalise(await ctx.catalog.listConstraints())).toEqual(normalise(constraints));
    });

    it('rejects constraints about unknown faces or people, or a person against themselves', async () => {
      const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
      const a = await ctx.catalog.createPerson('A');
      await expect(ctx.catalog.addConstraint({ kind: 'not-person', faceId: 'no-such-face', personId: a })).rejects.toThrow(
        'no-such-face',
      );
      await expect(ctx.catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: 'p55555' })).rejects.toThrow(
        'p55555',
      );
      await expect(
        ctx.catalog.addConstraint({ kind: 'different-people', personA: a, personB: 'p55556' }),
      ).rejects.toThrow('p55556');
      await expect(ctx.catalog.addConstraint({ kind: 'different-people', personA: a, personB: a })).rejects.toThrow(a);
      expect(await ctx.catalog.listConstraints()).toEqual([]);
    });

    it('takes a face away from the person it is declared not to be', async () => {
      const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
      const ada = await ctx.catalog.createPerson('Ada');
      await ctx.catalog.assignFaces(ids.map((id) => ({ faceId: id, personId: ada, source: 'auto' as const })));
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: ids[0]!, personId: ada });
      const faces = byId(await ctx.catalog.listFaces());
      // Free again for clustering, which the constraint keeps away from Ada.
      expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: null });
      expect(faces.get(ids[1]!)).toMatchObject({ personId: ada });
      await ctx.catalog.assignFaces([{ faceId: ids[0]!, personId: ada, source: 'auto' }]);
      expect(byId(await ctx.catalog.listFaces()).get(ids[0]!)).toMatchObject({ personId: null, source: null });

      // Latest user decision wins: assigning it back by hand lifts the constraint.
      await ctx.catalog.assignFaces([{ faceId: ids[0]!, personId: ada, source: 'user' }]);
      expect(await ctx.catalog.listConstraints()).toEqual([]);
    });
  });
  describe('not a face, and decisions taken back (review answers and their undo)', () => {
    it('marks faces as not a face: out of their person, a user "nobody" no automatic pass places', async () => {
      const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
      const ada = await ctx.catalog.createPerson('Ada');
      await ctx.catalog.assignFaces(ids.map((id) => ({ faceId: id, personId: ada, source: 'auto' as const })));
      await ctx.catalog.markNotAFace([ids[2]!, ids[0]!]);
      await ctx.catalog.markNotAFace([ids[0]!]);

      expect(await ctx.catalog.listNotAFaces()).toEqual([ids[0]!, ids[2]!].sort());
      let faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: 'user' });
      expect(faces.get(ids[1]!)).toMatchObject({ personId: ada, source: 'auto' });
      await ctx.catalog.applyClustering({ assignments: [{ faceId: ids[0]!, personId: ada, source: 'auto' }], newPeople: [[ids[2]!]], deletePeople: [] });
      faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: 'user' });
      expect(faces.get(ids[2]!)).toMatchObject({ personId: null, source: 'user' });
      expect(await ctx.catalog.findPerson(ada)).toMatchObject({ faces: 1 });
    });

    it('lifts the mark when the user puts the face into a person, and refuses unknown faces', async () => {
      const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
      const ada = await ctx.catalog.createPerson('Ada');
      await ctx.catalog.markNotAFace(ids);
      await ctx.catalog.assignFaces([{ faceId: ids[0]!, personId: ada, source: 'user' }]);
      expect(await ctx.catalog.listNotAFaces()).toEqual([ids[1]!]);
      await expect(ctx.catalog.markNotAFace([ids[0]!, 'no-such-face'])).rejects.toThrow('no-such-face');
      expect(await ctx.catalog.listNotAFaces()).toEqual([ids[1]!]);
      expect(byId(await ctx.catalog.listFaces()).get(ids[0]!)).toMatchObject({ personId: ada, source: 'user' });
    });

    it('forgets marks of faces that are gone', async () => {
      const [gone] = await storeWithFaces(1, shaOf(1), '/gone.jpg');
      const [kept] = await storeWithFaces(1, shaOf(2), '/kept.jpg');
      await ctx.catalog.markNotAFace([gone!, kept!]);
      await ctx.catalog.removeFiles(['/gone.jpg']);
      expect(await ctx.catalog.listNotAFaces()).toEqual([kept!]);
    });

    it('forgets assignments: the faces are undecided again, marks lifted, constraints kept', async () => {
      const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
      const ada = await ctx.catalog.createPerson('Ada');
      const bob = await ctx.catalog.createPerson('Bob');
      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: ada, source: 'user' },
        { faceId: ids[1]!, personId: bob, source: 'auto' },
      ]);
      await ctx.catalog.markNotAFace([ids[2]!]);
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: ids[0]!, personId: bob });

      await ctx.catalog.forgetAssignments(ids);

      for (const face of await ctx.catalog.listFaces()) expect(face).toMatchObject({ personId: null, source: null });
      expect(await ctx.catalog.listNotAFaces()).toEqual([]);
      expect(await ctx.catalog.listConstraints()).toEqual([{ kind: 'not-person', faceId: ids[0]!, personId: bob }]);
      expect(await ctx.catalog.findPerson(ada)).toMatchObject({ faces: 0 });
      // Undecided, so an automatic assignment applies again (the constraint still bars Bob).
      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: ada, source: 'auto' },
        { faceId: ids[2]!, personId: bob, source: 'auto' },
      ]);
      const faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: ada, source: 'auto' });
      expect(faces.get(ids[2]!)).toMatchObject({ personId: bob, source: 'auto' });
      await expect(ctx.catalog.forgetAssignments([ids[0]!, 'no-such-face'])).rejects.toThrow('no-such-face');
      expect(byId(await ctx.catalog.listFaces()).get(ids[0]!)).toMatchObject({ personId: ada, source: 'auto' });
    });

    it('removes constraints of both kinds, different-people in either order; a missing one is no error', async () => {
      const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
      const a = await ctx.catalog.createPerson('A');
      const b = await ctx.catalog.createPerson('B');
      const c = await ctx.catalog.createPerson('C');
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: a });
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: b });
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: a, personB: b });
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: a, personB: c });

      await ctx.catalog.removeConstraint({ kind: 'not-person', faceId: face!, personId: a });
      await ctx.catalog.removeConstraint({ kind: 'different-people', personA: b, personB: a });
      await ctx.catalog.removeConstraint({ kind: 'different-people', personA: b, personB: c });
      await ctx.catalog.removeConstraint({ kind: 'not-person', faceId: face!, personId: c });

      expect(normalise(await ctx.catalog.listConstraints())).toEqual(
        normalise([
          { kind: 'not-person', faceId: face!, personId: b },
          { kind: 'different-people', personA: a, personB: c },
        ]),
      );
      // The face stays unassigned: removing a constraint moves nothing.
      expect((await ctx.catalog.listFaces())[0]).toMatchObject({ personId: null, source: null });
    });
  });
  describe('photos with people', () => {
    it('returns photos showing every listed person', async () => {
      const one = await storeWithFaces(2, shaOf(1), '/1.jpg');
      const two = await storeWithFaces(2, shaOf(2), '/2.jpg');
      const three = await storeWithFaces(1, shaOf(3), '/3.jpg');
      await storeWithFaces(1, shaOf(4), '/4.jpg');
      const ada = await ctx.catalog.createPerson('Ada');
      const bob = await ctx.catalog.createPerson('Bob');
      const nobody = await ctx.catalog.createPerson('Nobody');
      await ctx.catalog.assignFaces([
        { faceId: one[0]!, personId: ada, source: 'user' },
        { faceId: one[1]!, personId: bob, source: 'user' },
        { faceId: two[0]!, personId: ada, source: 'auto' },
        { faceId: two[1]!, personId: ada, source: 'auto' },
        { faceId: three[0]!, personId: bob, source: 'auto' },
      ]);

      const shas = async (ids: string[]) => (await ctx.catalog.photosWithPeople(ids)).map((photo) => photo.sha256).sort();
      expect(await shas([ada])).toEqual([shaOf(1), shaOf(2)]);
      expect(await shas([bob])).toEqual([shaOf(1), shaOf(3)]);
      expect(await shas([ada, bob])).toEqual([shaOf(1)]);
      expect(await shas([ada, ada])).toEqual([shaOf(1), shaOf(2)]);
      expect(await shas([ada, nobody])).toEqual([]);
      expect(await shas([])).toEqual([shaOf(1), shaOf(2), shaOf(3), shaOf(4)]);
      const [photo] = await ctx.catalog.photosWithPeople([ada, bob]);
      expect(photo).toMatchObject({ path: '/1.jpg', pack: PACK, width: 4000 });
    });

    it('lists every photo with its first path', async () => {
      await storeWithFaces(1, shaOf(1), '/b.jpg');
      await storeWithFaces(0, shaOf(2), '/c.jpg');
      await ctx.catalog.linkFile({ path: '/a.jpg', sha256: shaOf(2), size: 1, mtimeMs: 1 });
      const photos = await ctx.catalog.listPhotos();
      expect(photos.map((photo) => [photo.sha256, photo.path]).sort()).toEqual([
        [shaOf(1), '/b.jpg'],
        [shaOf(2), '/a.jpg'],
      ]);
    });
  });
  describe('runs, errors and counts', () => {
    it('records runs', async () => {
      expect(await ctx.catalog.lastRun()).toBeNull();
      const first = await ctx.catalog.startRun('/photos', PACK);
      expect(await ctx.catalog.lastRun()).toMatchObject({ id: first, root: '/photos', pack: PACK, finishedAt: null, stats: {} });
      await ctx.catalog.finishRun(first, { photos: 12, faces: 30 });
      const finished = (await ctx.catalog.lastRun())!;
      expect(finished).toMatchObject({ id: first, stats: { photos: 12, faces: 30 } });
      expect(finished.finishedAt).not.toBeNull();
      expect(Date.parse(finished.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(finished.startedAt));

      const second = await ctx.catalog.startRun('/other', OTHER_PACK);
      expect(second).not.toBe(first);
      expect(await ctx.catalog.lastRun()).toMatchObject({ id: second, root: '/other', pack: OTHER_PACK, finishedAt: null });
      await expect(ctx.catalog.finishRun(second + 1000, {})).rejects.toThrow(String(second + 1000));
    });

    it('keeps one error per path until cleared', async () => {
      await ctx.catalog.recordError('/b.jpg', 'truncated file');
      await ctx.catalog.recordError('/a.jpg', 'unsupported format');
      await ctx.catalog.recordError('/b.jpg', 'still truncated');
      const errors = await ctx.catalog.listErrors();
      expect(errors.map(({ path, reason }) => ({ path, reason })).sort((x, y) => x.path.localeCompare(y.path))).toEqual([
        { path: '/a.jpg', reason: 'unsupported format' },
        { path: '/b.jpg', reason: 'still truncated' },
      ]);
      for (const error of errors) expect(Number.isNaN(Date.parse(error.at))).toBe(false);
      expect((await ctx.catalog.counts()).errors).toBe(2);
      await ctx.catalog.clearError('/b.jpg');
      await ctx.catalog.clearError('/never-failed.jpg');
      expect((await ctx.catalog.listErrors()).map((error) => error.path)).toEqual(['/a.jpg']);
    });

    it('keeps the time an error was first seen when a copy passes it', async () => {
      await ctx.catalog.recordError('/old.jpg', 'truncated file', '2024-01-02T03:04:05.678Z');
      expect(await ctx.catalog.listErrors()).toEqual([{ path: '/old.jpg', reason: 'truncated file', at: '2024-01-02T03:04:05.678Z' }]);
    });

    it('counts photos, faces, people, files and errors', async () => {
      expect(await ctx.catalog.counts()).toEqual({ photos: 0, faces: 0, people: 0, files: 0, errors: 0 });
      await storeWithFaces(3, shaOf(1), '/a.jpg');
      await storeWithFaces(2, shaOf(2), '/b.jpg');
      await ctx.catalog.linkFile({ path: '/c.jpg', sha256: shaOf(2), size: 1, mtimeMs: 1 });
      const hidden = await ctx.catalog.createPerson();
      await ctx.catalog.setHidden(hidden, true);
      await ctx.catalog.createPerson('Ada');
      await ctx.catalog.recordError('/bad.jpg', 'broken');
      expect(await ctx.catalog.counts()).toEqual({ photos: 2, faces: 5, people: 2, files: 3, errors: 1 });
    });
  });
}
