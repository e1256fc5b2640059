import { describe, expect, it } from 'vitest';
import type { FacePlacementQuery } from '../../../src/catalog/catalog.js';
import { clusterLibrary } from '../../../src/clustering/cluster-library.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../../src/clustering/thresholds.js';
import { storedFixture } from '../../clustering/catalog-fixtures.js';
import { scenarioFaces } from '../../clustering/library-scenarios.js';
import { expectSameRun, photoRuns } from '../../clustering/strategy-comparison.js';
import { OTHER_PACK, PACK, shaOf } from '../catalog-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** The catalog contract: the small reads of a clustering run that reads a neighbourhood, not the library (issue 16). */
export function clusteringReadsContract(ctx: ContractContext): void {
  const { storeWithFaces } = ctx;

  /**
   * Photo 1: a face of A (auto), one of B (the user's), one without a person. Photo 2: a face of A, the user's "nobody".
   * Photo 3 in another pack: a face of A.
   */
  async function library() {
    const one = await storeWithFaces(3, shaOf(1), '/1.jpg');
    const two = await storeWithFaces(2, shaOf(2), '/2.jpg');
    const [other] = await storeWithFaces(1, shaOf(3), '/3.jpg', OTHER_PACK);
    const a = await ctx.catalog.createPerson('A');
    const b = await ctx.catalog.createPerson('B');
    await ctx.catalog.assignFaces([
      { faceId: one[0]!, personId: a, source: 'auto' },
      { faceId: two[0]!, personId: a, source: 'auto' },
      { faceId: other!, personId: a, source: 'auto' },
      { faceId: one[1]!, personId: b, source: 'user' },
      // An automatic "no person" (a re-cluster's): still in the pool.
      { faceId: one[2]!, personId: null, source: 'auto' },
    ]);
    await ctx.catalog.markNotAFace([two[1]!]);
    return { one, two, other: other!, a, b };
  }

  /** What listFaces says of the same faces, in its order: placements must agree with it. */
  async function expected(ids: readonly string[]) {
    return (await ctx.catalog.listFaces({ pack: PACK }))
      .filter((f) => ids.includes(f.id))
      .map((f) => ({ id: f.id, photoSha256: f.photoSha256, index: f.index, quality: f.quality.overall, personId: f.personId, source: f.source }));
  }

  const placements = (query: FacePlacementQuery) => ctx.catalog.listFacePlacements(PACK, query);

  describe('listFacePlacements', () => {
    it('selects by ids, people, photos, the pool and the user decisions, within the pack', async () => {
      const { one, two, other, a } = await library();
      expect(await placements({ faceIds: [two[0]!, other, 'no-such-face'] })).toEqual(await expected([two[0]!]));
      expect(await placements({ personIds: [a] })).toEqual(await expected([one[0]!, two[0]!]));
      expect(await placements({ photoSha256s: [shaOf(1), shaOf(3)] })).toEqual(await expected(one));
      expect(await placements({ unplaced: true })).toEqual(await expected([one[2]!]));
      expect(await placements({ decidedByUser: true })).toEqual(await expected([one[1]!, two[1]!]));
      expect(await placements({})).toEqual([]);
      expect(await placements({ faceIds: [], personIds: [], photoSha256s: [] })).toEqual([]);
    });

    it('returns the union of its selectors, each face once, in listFaces order', async () => {
      const { one, two, a } = await library();
      const union = await placements({ faceIds: [two[1]!, one[0]!], personIds: [a], unplaced: true });
      expect(union).toEqual(await expected([one[0]!, one[2]!, two[0]!, two[1]!]));
    });
  });

  describe('countFacesOfPeople', () => {
    it("counts each person's faces of the pack, leaving out people without any", async () => {
      const { a, b } = await library();
      const empty = await ctx.catalog.createPerson('C');
      const counts = await ctx.catalog.countFacesOfPeople(PACK, [a, b, empty, 'p55555']);
      expect(counts).toEqual(new Map([[a, 2], [b, 1]]));
      expect(await ctx.catalog.countFacesOfPeople(OTHER_PACK, [a, b])).toEqual(new Map([[a, 1]]));
      expect(await ctx.catalog.countFacesOfPeople(PACK, [])).toEqual(new Map());
    });
  });

  describe('a clustering run of a few new faces', () => {
    // Relatives (look-alike pairs): the neighbourhood run reads this catalog's placements, sizes and names, and must
    // give its planner what the bounded run reads from listFaces and listPeople, with the catalog's own index.
    it('plans from the neighbourhood exactly what the bounded run plans from the whole pack', async () => {
      const faces = scenarioFaces('overlapping');
      const fixture = storedFixture(ctx.catalog);
      const t = DEFAULT_CLUSTERING_THRESHOLDS;
      const options = { mode: 'incremental', neighbours: 'index' } as const;
      const [bulk, ...runs] = photoRuns(faces, 0.8, [1, 3, 2]);
      await fixture.add(bulk!, PACK);
      await clusterLibrary(ctx.catalog, PACK, t, { ...options, strategy: 'bounded' });
      let placed = 0;
      for (const run of runs.slice(0, 8)) {
        await fixture.add(run, PACK);
        await expectSameRun(ctx.catalog, PACK, t, options);
        placed += (await clusterLibrary(ctx.catalog, PACK, t, { ...options, strategy: 'bounded' })).assigned;
      }
      expect(placed).toBeGreaterThan(0);
    });
  });

  describe('neighbourSearch', () => {
    // Whether a small pack is searched approximately is each catalog's setting (its own tests say when).
    it('says how many faces of the pack its queries search', async () => {
      await library();
      expect((await ctx.catalog.neighbourSearch(PACK)).faces).toBe(5);
      expect((await ctx.catalog.neighbourSearch(OTHER_PACK)).faces).toBe(1);
      expect(await ctx.catalog.neighbourSearch('no-such-pack')).toEqual({ approximate: false, faces: 0 });
    });
  });

  describe('listPersonNames', () => {
    it('lists every person, hidden ones too, by id, as listPeople does without counts', async () => {
      const { b } = await library();
      await ctx.catalog.createPerson(null);
      await ctx.catalog.setHidden(b, true);
      const people = (await ctx.catalog.listPeople({ includeHidden: true })).map(({ id, name, hidden }) => ({ id, name, hidden }));
      expect(await ctx.catalog.listPersonNames()).toEqual(people.sort((x, y) => (x.id < y.id ? -1 : 1)));
      expect((await ctx.catalog.listPersonNames()).find((p) => p.id === b)).toEqual({ id: b, name: 'B', hidden: true });
    });
  });
}
