import { afterEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { clusterLibrary, type ClusterLibraryOptions } from '../../src/clustering/cluster-library.js';
import { NEIGHBOURHOOD_MAX_NEW_FACES } from '../../src/clustering/neighbourhood-run.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import { type CatalogFixture, sqliteFixture } from './catalog-fixtures.js';
import { mixedSizes, scenarioFaces, SCENARIOS } from './library-scenarios.js';
import { expectSameRun, photoRuns } from './strategy-comparison.js';
import { makeLibrary } from './synthetic.js';

const PACK = 'arcface-test';
const t = DEFAULT_CLUSTERING_THRESHOLDS;
const SETTLED_KEY = `clustering.settled.${PACK}`;

/** The catalog, with a count of every call made to it: a neighbourhood run must never list the whole pack. */
function counted(catalog: Catalog): { catalog: Catalog; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(catalog, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { catalog: proxy, calls };
}

/** What a run leaves in the catalog: every face's person and source, the people, and the settled faces. */
async function stateOf(catalog: Catalog) {
  const faces = (await catalog.listFaces({ pack: PACK })).map((f) => [f.id, f.personId, f.source]);
  const people = (await catalog.listPeople({ includeHidden: true })).map((p) => [p.id, p.faces]);
  return { faces, people, settled: await catalog.getSetting(SETTLED_KEY) };
}

describe('neighbourhood runs plan exactly what the bounded run over the whole pack plans', () => {
  let fixtures: CatalogFixture[] = [];
  afterEach(async () => {
    for (const f of fixtures) await f.catalog.close();
    fixtures = [];
  });

  // Look-alike pairs (relatives) and near-twins with 30 % poor faces: the scenarios where joining goes wrong first.
  it.each(['overlapping', 'hard'] as const)('%s library: a bulk run, then small scans, run by run', async (scenario) => {
    const faces = scenarioFaces(scenario);
    const [whole, local] = (fixtures = [await sqliteFixture(), await sqliteFixture()]);
    const runs = photoRuns(faces, 0.6, [1, 3, 2, 8, 1, 5]);
    const counting = counted(local!.catalog);
    let movedSome = false;
    for (const [i, run] of runs.entries()) {
      await whole!.add(run, PACK);
      await local!.add(run, PACK);
      // One user decision halfway: the digest changes, so both judge every unassigned face again once.
      if (i === Math.floor(runs.length / 2)) await decideOne(whole!.catalog, local!.catalog);
      const options: ClusterLibraryOptions = { mode: 'incremental', neighbours: 'batch' };
      const expected = await clusterLibrary(whole!.catalog, PACK, t, { ...options, strategy: 'bounded' });
      counting.calls.clear();
      const actual = await clusterLibrary(counting.catalog, PACK, t, { ...options, strategy: 'neighbourhood' });
      expect(actual, `run ${i} of ${runs.length}`).toEqual(expected);
      expect(await stateOf(local!.catalog), `run ${i} of ${runs.length}`).toEqual(await stateOf(whole!.catalog));
      expect(counting.calls.get('listFaces') ?? 0).toBe(0);
      expect(counting.calls.get('listPeople') ?? 0).toBe(0);
      if (i > 0 && expected.assigned > 0) movedSome = true;
    }
    // The small runs did place faces (the comparison is not only of runs that change nothing).
    expect(movedSome).toBe(true);
  });
});

describe('on a library larger than the neighbour lists reach (approximate index, people of every size)', () => {
  let fixture: CatalogFixture | undefined;
  afterEach(async () => fixture?.catalog.close());

  // Near-twins, poor faces and many singletons, ~4,300 faces: a run's lists see only a small part of the library, so
  // a person's size, its radius sample and the faces in a photo must come from the catalog, not from the lists.
  it('the neighbourhood run gives the planner the same facts as the bounded run, and the same change, run by run', async () => {
    const faces = makeLibrary({ ...SCENARIOS.hard, seed: 16, identitySizes: mixedSizes(320), singletons: 600 });
    fixture = await sqliteFixture();
    const [bulk, ...runs] = photoRuns(faces, 0.8, [1, 2, 4, 1, 3]);
    await fixture.add(bulk!, PACK);
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', strategy: 'bounded' });
    const options: ClusterLibraryOptions = { mode: 'incremental', neighbours: 'batch' };
    let placed = 0;
    let sampled = 0;
    for (const run of runs.slice(0, 24)) {
      await fixture.add(run, PACK);
      const wholeViews = await expectSameRun(fixture.catalog, PACK, t, options);
      sampled += (wholeViews[0] as { sample: string[] }).sample.length;
      // Then stored for real, so that the next run starts from it.
      placed += (await clusterLibrary(fixture.catalog, PACK, t, { ...options, strategy: 'bounded' })).assigned;
    }
    // The runs placed faces and sampled people for their radii: the comparison covers the rules that read them.
    expect(placed).toBeGreaterThan(20);
    expect(sampled).toBeGreaterThan(0);
  });
});

/** The same user decision in both catalogs: the first unassigned face goes to the person of the first placed one. */
async function decideOne(a: Catalog, b: Catalog): Promise<void> {
  const faces = await a.listFaces({ pack: PACK });
  const unassigned = faces.find((f) => f.personId === null)!;
  const placed = faces.find((f) => f.personId !== null)!;
  for (const catalog of [a, b]) await catalog.assignFaces([{ faceId: unassigned.id, personId: placed.personId, source: 'user' }]);
}

describe('clusterLibrary picks the neighbourhood run by itself', () => {
  let fixture: CatalogFixture | undefined;
  afterEach(async () => fixture?.catalog.close());

  it('for a few new faces, and the bounded run for many', async () => {
    const faces = scenarioFaces('separated');
    fixture = await sqliteFixture();
    const { catalog, calls } = counted(fixture.catalog);
    await fixture.add(faces.slice(0, 300), PACK);
    // The first run of a library: every face is new, more than the neighbourhood run takes.
    expect(300).toBeGreaterThan(NEIGHBOURHOOD_MAX_NEW_FACES);
    await clusterLibrary(catalog, PACK, t, { mode: 'incremental' });
    expect(calls.get('listFaces')).toBe(1);

    calls.clear();
    await fixture.add(faces.slice(300, 305), PACK);
    await clusterLibrary(catalog, PACK, t, { mode: 'incremental' });
    expect(calls.get('listFaces') ?? 0).toBe(0);
    expect(calls.get('listFacePlacements')).toBeGreaterThan(0);
  });

  it('refuses to run a re-cluster as a neighbourhood', async () => {
    fixture = await sqliteFixture();
    await fixture.add(scenarioFaces('separated').slice(0, 20), PACK);
    await expect(clusterLibrary(fixture.catalog, PACK, t, { mode: 'recluster', strategy: 'neighbourhood' })).rejects.toThrow(/incremental/);
  });
});
