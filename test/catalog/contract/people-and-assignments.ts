import { describe, expect, it } from 'vitest';
import { faceId } from '../../../src/catalog/catalog.js';
import { makeFace, randomUnitVector, shaOf } from '../catalog-fixtures.js';
import { type ContractContext, normalise } from './contract-context.js';

/** The catalog contract: people, applying a clustering run, assignments, merge and delete. */
export function peopleAndAssignmentsContract(ctx: ContractContext): void {
  const { store, storeWithFaces, byId } = ctx;

  describe('people', () => {
    it('creates people with distinct p<number> ids that are never reused', async () => {
      const a = await ctx.catalog.createPerson();
      const b = await ctx.catalog.createPerson('Bob');
      expect(a).toMatch(/^p\d+$/);
      expect(b).toMatch(/^p\d+$/);
      expect(a).not.toBe(b);
      await ctx.catalog.deletePerson(b);
      const c = await ctx.catalog.createPerson();
      expect([a, b]).not.toContain(c);
      expect(await ctx.catalog.findPerson(b)).toBeNull();
      expect(await ctx.catalog.findPerson(a)).toEqual({ id: a, name: null, hidden: false, faces: 0, photos: 0, samplePath: null, bestFaceId: null });
    });

    it('finds people by id or by name, ignoring case', async () => {
      const id = await ctx.catalog.createPerson('Ada Lovelace');
      expect((await ctx.catalog.findPerson(id))!.name).toBe('Ada Lovelace');
      expect((await ctx.catalog.findPerson('Ada Lovelace'))!.id).toBe(id);
      expect((await ctx.catalog.findPerson('ada lovelace'))!.id).toBe(id);
      expect(await ctx.catalog.findPerson('Ada')).toBeNull();
      expect(await ctx.catalog.findPerson('p999999')).toBeNull();
    });

    it('counts faces and photos and shows the best face as sample, most faces first', async () => {
      const photo1 = [makeFace(0, randomUnitVector(ctx.random, 8), 0.3), makeFace(1, randomUnitVector(ctx.random, 8), 0.95)];
      const photo2 = [makeFace(0, randomUnitVector(ctx.random, 8), 0.5)];
      const ids1 = await store({ sha256: shaOf(1), path: '/z/one.jpg', faces: photo1 });
      const ids2 = await store({ sha256: shaOf(2), path: '/m/two.jpg', faces: photo2 });
      await ctx.catalog.linkFile({ path: '/a/one-copy.jpg', sha256: shaOf(1), size: 1, mtimeMs: 1 });
      const few = await ctx.catalog.createPerson('Few');
      const many = await ctx.catalog.createPerson();
      await ctx.catalog.assignFaces([
        { faceId: ids1[0]!, personId: many, source: 'auto' },
        { faceId: ids1[1]!, personId: many, source: 'auto' },
        { faceId: ids2[0]!, personId: many, source: 'user' },
      ]);
      const [few1] = await storeWithFaces(1, shaOf(3), '/few.jpg');
      await ctx.catalog.assignFaces([{ faceId: few1!, personId: few, source: 'user' }]);

      const people = await ctx.catalog.listPeople();
      expect(people.map((person) => person.id)).toEqual([many, few]);
      expect(people[0]).toEqual({ id: many, name: null, hidden: false, faces: 3, photos: 2, samplePath: '/a/one-copy.jpg', bestFaceId: ids1[1]! });
      expect(people[1]).toEqual({ id: few, name: 'Few', hidden: false, faces: 1, photos: 1, samplePath: '/few.jpg', bestFaceId: few1! });
      expect(await ctx.catalog.findPerson(many)).toEqual(people[0]);
    });

    it('hides people from the list unless asked', async () => {
      const shown = await ctx.catalog.createPerson('Shown');
      const hidden = await ctx.catalog.createPerson('Hidden');
      await ctx.catalog.setHidden(hidden, true);
      expect((await ctx.catalog.listPeople()).map((p) => p.id)).toEqual([shown]);
      const all = await ctx.catalog.listPeople({ includeHidden: true });
      expect(all.map((p) => p.id).sort()).toEqual([shown, hidden].sort());
      expect(all.find((p) => p.id === hidden)!.hidden).toBe(true);
      expect((await ctx.catalog.findPerson(hidden))!.hidden).toBe(true);
      await ctx.catalog.setHidden(hidden, false);
      expect((await ctx.catalog.listPeople()).map((p) => p.id).sort()).toEqual([shown, hidden].sort());
    });

    it('renames people and keeps names unique', async () => {
      const a = await ctx.catalog.createPerson();
      const b = await ctx.catalog.createPerson('Bea');
      await ctx.catalog.renamePerson(a, '  Alan  ');
      expect((await ctx.catalog.findPerson(a))!.name).toBe('Alan');
      expect((await ctx.catalog.findPerson('Alan'))!.id).toBe(a);
      await expect(ctx.catalog.renamePerson(a, 'bea')).rejects.toThrow(b);
      await expect(ctx.catalog.createPerson('BEA')).rejects.toThrow(/already used/);
      await expect(ctx.catalog.renamePerson(a, '   ')).rejects.toThrow(/empty/);
      await ctx.catalog.renamePerson(b, 'BEA');
      expect((await ctx.catalog.findPerson(b))!.name).toBe('BEA');
    });

    it('un-names a person with null, freeing the name', async () => {
      const a = await ctx.catalog.createPerson('Cleo');
      await ctx.catalog.renamePerson(a, null);
      expect((await ctx.catalog.findPerson(a))!.name).toBeNull();
      expect(await ctx.catalog.findPerson('Cleo')).toBeNull();
      const b = await ctx.catalog.createPerson('cleo');
      expect((await ctx.catalog.findPerson('CLEO'))!.id).toBe(b);
    });

    it('names the unknown person in errors', async () => {
      await expect(ctx.catalog.renamePerson('p424242', 'X')).rejects.toThrow('p424242');
      await expect(ctx.catalog.setHidden('p424242', true)).rejects.toThrow('p424242');
      await expect(ctx.catalog.deletePerson('p424242')).rejects.toThrow('p424242');
      const real = await ctx.catalog.createPerson();
      await expect(ctx.catalog.mergePeople(real, 'p424242')).rejects.toThrow('p424242');
      await expect(ctx.catalog.mergePeople('p424243', real)).rejects.toThrow('p424243');
      await expect(ctx.catalog.photosWithPeople([real, 'p424244'])).rejects.toThrow('p424244');
    });
  });
  describe('applying a clustering run', () => {
    it('creates people, assigns and deletes in one go', async () => {
      const ids = await storeWithFaces(4, shaOf(1), '/a.jpg');
      const old = await ctx.catalog.createPerson();
      await ctx.catalog.assignFaces([{ faceId: ids[0]!, personId: old, source: 'auto' }]);
      const keep = await ctx.catalog.createPerson('Ada');
      const created = await ctx.catalog.applyClustering({
        assignments: [{ faceId: ids[0]!, personId: keep, source: 'auto' }],
        newPeople: [[ids[1]!, ids[2]!], [ids[3]!]],
        deletePeople: [old],
      });
      expect(created).toHaveLength(2);
      const faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: keep, source: 'auto' });
      expect(faces.get(ids[1]!)).toMatchObject({ personId: created[0], source: 'auto' });
      expect(faces.get(ids[2]!)).toMatchObject({ personId: created[0], source: 'auto' });
      expect(faces.get(ids[3]!)).toMatchObject({ personId: created[1], source: 'auto' });
      expect(await ctx.catalog.findPerson(old)).toBeNull();
    });

    it('changes nothing when any part fails', async () => {
      const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
      const before = await ctx.catalog.listPeople({ includeHidden: true });
      await expect(
        ctx.catalog.applyClustering({ assignments: [], newPeople: [[ids[0]!], ['no-such-face']], deletePeople: [] }),
      ).rejects.toThrow('no-such-face');
      expect(await ctx.catalog.listPeople({ includeHidden: true })).toEqual(before);
      expect((await ctx.catalog.listFaces()).every((f) => f.personId === null)).toBe(true);
      // The failed run consumed no person ids: the next run numbers its people as an uninterrupted one would.
      const [next] = await ctx.catalog.applyClustering({ assignments: [], newPeople: [[ids[0]!]], deletePeople: [] });
      const fresh = await ctx.catalog.createPerson();
      expect(Number(fresh.slice(1))).toBe(Number(next!.slice(1)) + 1);
    });
  });
  describe('assignments', () => {
    it('assigns and unassigns faces', async () => {
      const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
      const person = await ctx.catalog.createPerson('Ada');
      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: person, source: 'auto' },
        { faceId: ids[1]!, personId: person, source: 'user' },
      ]);
      let faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: person, source: 'auto' });
      expect(faces.get(ids[1]!)).toMatchObject({ personId: person, source: 'user' });

      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: null, source: 'auto' },
        { faceId: ids[1]!, personId: null, source: 'user' },
      ]);
      faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: null, source: null });
      // The user said "not this person": kept as a decision so clustering leaves it alone.
      expect(faces.get(ids[1]!)).toMatchObject({ personId: null, source: 'user' });
    });

    it('rejects a batch naming an unknown face or person, changing nothing', async () => {
      const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
      const person = await ctx.catalog.createPerson();
      await expect(
        ctx.catalog.assignFaces([
          { faceId: face!, personId: person, source: 'user' },
          { faceId: 'no-such-face', personId: person, source: 'user' },
        ]),
      ).rejects.toThrow('no-such-face');
      await expect(ctx.catalog.assignFaces([{ faceId: face!, personId: 'p77777', source: 'user' }])).rejects.toThrow('p77777');
      expect((await ctx.catalog.listFaces())[0]).toMatchObject({ personId: null, source: null });
    });

    it('never lets an automatic assignment override the user', async () => {
      const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
      const ada = await ctx.catalog.createPerson('Ada');
      const bob = await ctx.catalog.createPerson('Bob');
      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: ada, source: 'user' },
        { faceId: ids[1]!, personId: null, source: 'user' },
      ]);
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: ids[2]!, personId: bob });

      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: bob, source: 'auto' },
        { faceId: ids[1]!, personId: bob, source: 'auto' },
        { faceId: ids[2]!, personId: bob, source: 'auto' },
      ]);
      const faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: ada, source: 'user' });
      expect(faces.get(ids[1]!)).toMatchObject({ personId: null, source: 'user' });
      expect(faces.get(ids[2]!)).toMatchObject({ personId: null, source: null });

      // A user can always override the user, and the automatic pass may assign the face to someone else.
      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: bob, source: 'user' },
        { faceId: ids[2]!, personId: ada, source: 'auto' },
      ]);
      const after = byId(await ctx.catalog.listFaces());
      expect(after.get(ids[0]!)).toMatchObject({ personId: bob, source: 'user' });
      expect(after.get(ids[2]!)).toMatchObject({ personId: ada, source: 'auto' });
    });

    it('keeps a person whose faces were all reassigned, even unnamed', async () => {
      // A split or a move takes several calls; the person must still exist for the next one.
      const [face] = await storeWithFaces(1, shaOf(1), '/a.jpg');
      const cluster = await ctx.catalog.createPerson();
      const ada = await ctx.catalog.createPerson('Ada');
      await ctx.catalog.assignFaces([{ faceId: face!, personId: cluster, source: 'auto' }]);
      await ctx.catalog.assignFaces([{ faceId: face!, personId: ada, source: 'user' }]);
      expect(await ctx.catalog.findPerson(cluster)).toMatchObject({ faces: 0 });
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: face!, personId: cluster });
      expect(await ctx.catalog.listConstraints()).toHaveLength(1);
    });
  });
  describe('merge and delete', () => {
    it('moves every face of the merged person as user decisions', async () => {
      const ids = await storeWithFaces(3, shaOf(1), '/a.jpg');
      const [other] = await storeWithFaces(1, shaOf(2), '/b.jpg');
      const into = await ctx.catalog.createPerson('Ada');
      const from = await ctx.catalog.createPerson();
      await ctx.catalog.setHidden(from, true);
      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: into, source: 'auto' },
        { faceId: ids[1]!, personId: from, source: 'auto' },
        { faceId: ids[2]!, personId: from, source: 'user' },
        { faceId: other!, personId: from, source: 'auto' },
      ]);

      await ctx.catalog.mergePeople(into, from);

      expect(await ctx.catalog.findPerson(from)).toBeNull();
      expect(await ctx.catalog.findPerson(into)).toMatchObject({ name: 'Ada', hidden: false, faces: 4, photos: 2 });
      const faces = byId(await ctx.catalog.listFaces());
      expect(faces.get(ids[0]!)).toMatchObject({ personId: into, source: 'auto' });
      for (const id of [ids[1]!, ids[2]!, other!]) expect(faces.get(id)).toMatchObject({ personId: into, source: 'user' });
      expect(await ctx.catalog.counts()).toMatchObject({ people: 1 });
    });

    it('keeps the name of the person merged into, or takes the other one', async () => {
      const named = await ctx.catalog.createPerson('Ada');
      const alsoNamed = await ctx.catalog.createPerson('Ada L.');
      await ctx.catalog.mergePeople(named, alsoNamed);
      expect((await ctx.catalog.findPerson(named))!.name).toBe('Ada');
      expect(await ctx.catalog.findPerson('Ada L.')).toBeNull();

      const anonymous = await ctx.catalog.createPerson();
      const bob = await ctx.catalog.createPerson('Bob');
      await ctx.catalog.mergePeople(anonymous, bob);
      expect((await ctx.catalog.findPerson(anonymous))!.name).toBe('Bob');
      expect((await ctx.catalog.findPerson('bob'))!.id).toBe(anonymous);
    });

    it('re-points constraints to the surviving person', async () => {
      const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
      const into = await ctx.catalog.createPerson('Into');
      const from = await ctx.catalog.createPerson('From');
      const third = await ctx.catalog.createPerson('Third');
      const fourth = await ctx.catalog.createPerson('Fourth');
      await ctx.catalog.assignFaces([{ faceId: ids[1]!, personId: from, source: 'user' }]);
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: ids[0]!, personId: from });
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: from, personB: third });
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: fourth, personB: from });
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: into, personB: third });
      // Merging says the two are one: these contradict the merge and go.
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: into, personB: from });
      await ctx.catalog.addConstraint({ kind: 'not-person', faceId: ids[1]!, personId: into });

      await ctx.catalog.mergePeople(into, from);

      expect(normalise(await ctx.catalog.listConstraints())).toEqual(
        normalise([
          { kind: 'not-person', faceId: ids[0]!, personId: into },
          { kind: 'different-people', personA: into, personB: third },
          { kind: 'different-people', personA: into, personB: fourth },
        ]),
      );
    });

    it('refuses to merge a person into themselves', async () => {
      const a = await ctx.catalog.createPerson('Ada');
      await expect(ctx.catalog.mergePeople(a, a)).rejects.toThrow(a);
      expect(await ctx.catalog.findPerson(a)).not.toBeNull();
    });

    it('deletes a person, freeing their faces and dropping their constraints', async () => {
      const ids = await storeWithFaces(2, shaOf(1), '/a.jpg');
      const gone = await ctx.catalog.createPerson('Gone');
      const other = await ctx.catalog.createPerson('Other');
      await ctx.catalog.assignFaces([
        { faceId: ids[0]!, personId: gone, source: 'user' },
        { faceId: ids[1]!, personId: gone, source: 'auto' },
      ]);
      await ctx.catalog.addConstraint({ kind: 'different-people', personA: gone, personB: other });

      await ctx.catalog.deletePerson(gone);

      expect(await ctx.catalog.findPerson(gone)).toBeNull();
      expect(await ctx.catalog.findPerson('Gone')).toBeNull();
      for (const face of await ctx.catalog.listFaces()) expect(face).toMatchObject({ personId: null, source: null });
      expect(await ctx.catalog.listConstraints()).toEqual([]);
      expect(await ctx.catalog.counts()).toMatchObject({ people: 1, faces: 2 });
    });
  });
}
