import { afterEach, describe, expect, it } from 'vitest';
import { clusterLibrary } from '../../src/clustering/cluster-library.js';
import { FEW_FACES } from '../../src/clustering/neighbour-source.js';
import { RADIUS_SAMPLE_FACES } from '../../src/clustering/radius-faces.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import { pairwiseScores } from '../../src/eval/metrics.js';
import { sqliteFixture, testDoubleFixture, type CatalogFixture } from './catalog-fixtures.js';
import { scenarioFaces } from './library-scenarios.js';
import { faceOf, randomCentre, seededRandom, type SyntheticFace } from './synthetic.js';

const PACK = 'arcface-test';
const t = DEFAULT_CLUSTERING_THRESHOLDS;
const faces = scenarioFaces('separated');

// The same behaviour through the real SQLite catalog (sqlite-vec kNN) and through the in-memory test double.
describe.each([
  ['SQLite catalog', sqliteFixture],
  ['in-memory test double', async () => testDoubleFixture()],
] as const)('clusterLibrary on the %s', (_, makeFixture) => {
  let fixture: CatalogFixture;
  afterEach(async () => fixture?.catalog.close());

  async function library(initial: readonly SyntheticFace[]) {
    fixture = await makeFixture();
    await fixture.add(initial, PACK);
    return fixture.catalog;
  }

  async function stateOf(face: SyntheticFace) {
    const id = fixture.idOf(face, PACK);
    const stored = (await fixture.catalog.listFaces({ pack: PACK })).find((f) => f.id === id)!;
    return { id, personId: stored.personId, source: stored.source };
  }

  async function labels(of: readonly SyntheticFace[]) {
    const byId = new Map((await fixture.catalog.listFaces({ pack: PACK })).map((f) => [f.id, f.personId]));
    return of.map((f) => ({ predicted: byId.get(fixture.idOf(f, PACK)) ?? null, identity: f.identity }));
  }

  it('clusters a fresh library and stores people and automatic assignments', async () => {
    const catalog = await library(faces);
    const summary = await clusterLibrary(catalog, PACK, t, { mode: 'incremental' });

    const stored = await catalog.listFaces({ pack: PACK });
    const assigned = stored.filter((f) => f.personId !== null);
    expect(summary).toEqual({
      assigned: assigned.length,
      newPeople: (await catalog.listPeople({ includeHidden: true })).length,
      unassigned: faces.length - assigned.length,
      removedPeople: 0,
    });
    expect(assigned.every((f) => f.source === 'auto')).toBe(true);
    const q = pairwiseScores(await labels(faces));
    expect(q.f1).toBeGreaterThan(0.95);
    expect(q.precision).toBeGreaterThan(0.99);
  });

  it('places new photos without touching what is already assigned', async () => {
    const catalog = await library(faces.slice(0, 250));
    await clusterLibrary(catalog, PACK, t, { mode: 'incremental' });
    const before = new Map((await catalog.listFaces({ pack: PACK })).map((f) => [f.id, f.personId]));
    const peopleBefore = (await catalog.listPeople()).length;

    await fixture.add(faces.slice(250), PACK);
    const summary = await clusterLibrary(catalog, PACK, t, { mode: 'incremental' });
    const after = new Map((await catalog.listFaces({ pack: PACK })).map((f) => [f.id, f.personId]));
    for (const [id, personId] of before) if (personId !== null) expect(after.get(id)).toBe(personId);
    expect(summary.newPeople).toBe((await catalog.listPeople()).length - peopleBefore);
    expect(summary.assigned).toBeGreaterThan(0);
    expect(pairwiseScores(await labels(faces)).precision).toBeGreaterThan(0.99);
  });

  it('re-clusters without losing ids, names or user decisions', async () => {
    const catalog = await library(faces);
    await clusterLibrary(catalog, PACK, t, { mode: 'incremental' });
    const [someone] = await catalog.listPeople();
    await catalog.renamePerson(someone!.id, 'Ada');
    const adaFaces = await catalog.listFaces({ personId: someone!.id });
    // The user confirms one face and rejects another.
    await catalog.assignFaces([{ faceId: adaFaces[0]!.id, personId: someone!.id, source: 'user' }]);
    await catalog.addConstraint({ kind: 'not-person', faceId: adaFaces[1]!.id, personId: someone!.id });
    const peopleBefore = (await catalog.listPeople({ includeHidden: true })).map((p) => p.id).sort();

    const summary = await clusterLibrary(catalog, PACK, t, { mode: 'recluster' });
    expect(summary.newPeople).toBe(0);
    expect((await catalog.listPeople({ includeHidden: true })).map((p) => p.id).sort()).toEqual(peopleBefore);
    expect((await catalog.findPerson('Ada'))?.id).toBe(someone!.id);
    const after = new Map((await catalog.listFaces({ pack: PACK })).map((f) => [f.id, f]));
    expect(after.get(adaFaces[0]!.id)).toMatchObject({ personId: someone!.id, source: 'user' });
    expect(after.get(adaFaces[1]!.id)!.personId).not.toBe(someone!.id);
    for (const f of adaFaces.slice(2)) expect(after.get(f.id)!.personId).toBe(someone!.id);
  });

  it('deletes automatic people a re-cluster leaves empty, but never a named one', async () => {
    const random = seededRandom(4);
    const stray = (id: string): SyntheticFace => ({
      id,
      photoId: `photo-${id}`,
      identity: id,
      quality: 0.9,
      embedding: faceOf(randomCentre(random), 0.9, random),
    });
    const strays = [stray('s1'), stray('s2')];
    const catalog = await library(strays);
    const [unnamed, named] = [await catalog.createPerson(), await catalog.createPerson('Bo')];
    await catalog.assignFaces([
      { faceId: fixture.idOf(strays[0]!, PACK), personId: unnamed, source: 'auto' },
      { faceId: fixture.idOf(strays[1]!, PACK), personId: named, source: 'auto' },
    ]);
    const summary = await clusterLibrary(catalog, PACK, t, { mode: 'recluster' });
    expect(summary).toEqual({ assigned: 0, newPeople: 0, unassigned: 2, removedPeople: 1 });
    expect((await catalog.listPeople({ includeHidden: true })).map((p) => p.id)).toEqual([named]);
    expect((await stateOf(strays[1]!)).personId).toBeNull();
  });

  it('clusters only the faces of the given pack', async () => {
    const catalog = await library(faces.slice(0, 150));
    await fixture.add(faces.slice(150), 'another-pack');
    await clusterLibrary(catalog, PACK, t, { mode: 'incremental' });
    expect((await catalog.listFaces({ pack: 'another-pack' })).every((f) => f.personId === null)).toBe(true);
  });

  it('runs the Immich baseline by name and refuses unknown methods before writing anything', async () => {
    const catalog = await library(faces);
    await expect(clusterLibrary(catalog, PACK, t, { mode: 'incremental', method: 'nope' })).rejects.toThrow(/unknown clustering method/);
    expect(await catalog.listPeople()).toEqual([]);
    const summary = await clusterLibrary(catalog, PACK, t, { mode: 'incremental', method: 'immich-baseline' });
    expect(summary.newPeople).toBeGreaterThan(10);
  });
});

describe('clusterLibrary reads as little as it needs', () => {
  it('whole-library (the code before issue 16): loads embeddings only of faces without a person in incremental runs, and asks the index once per face and for a sample of the people they see', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces.slice(0, 200), PACK);
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index', strategy: 'whole-library' });
    const unassigned = (await fixture.catalog.listFaces({ pack: PACK })).filter((f) => f.personId === null).length;
    const earlierPeople = (await fixture.catalog.listPeople()).length;
    fixture.catalog.calls.nearestFaces = 0;
    fixture.catalog.calls.listFacesWithEmbeddings = [];

    await fixture.add(faces.slice(200), PACK);
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index', strategy: 'whole-library' });
    expect(fixture.catalog.calls.listFacesWithEmbeddings).toEqual([{ pack: PACK, unassignedOnly: true }]);
    // Each face that may move once, and up to RADIUS_SAMPLE_FACES faces of each earlier person, for its radius.
    const queries = fixture.catalog.calls.nearestFaces - (unassigned + faces.length - 200);
    expect(queries).toBeGreaterThan(0);
    expect(queries).toBeLessThanOrEqual(earlierPeople * RADIUS_SAMPLE_FACES);

    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'recluster', neighbours: 'index', strategy: 'whole-library' });
    expect(fixture.catalog.calls.listFacesWithEmbeddings.at(-1)).toEqual({ pack: PACK, unassignedOnly: false });
  });

  it('bounded: judges only new faces and settled ones near them, so a run with nothing new asks nothing', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces.slice(0, 200), PACK);
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    expect(fixture.catalog.calls.nearestFaces).toBe(200);
    const unassigned = (await fixture.catalog.listFaces({ pack: PACK })).filter((f) => f.personId === null).length;
    expect(unassigned).toBeGreaterThan(0);

    fixture.catalog.calls.nearestFaces = 0;
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    expect(fixture.catalog.calls.nearestFaces).toBe(0);

    const earlierPeople = (await fixture.catalog.listPeople()).length;
    await fixture.add(faces.slice(200), PACK);
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    expect(fixture.catalog.calls.nearestFaces).toBeGreaterThanOrEqual(faces.length - 200);
    // The new faces, settled faces near them, and samples of earlier people for their radii (radius-faces.ts).
    expect(fixture.catalog.calls.nearestFaces).toBeLessThanOrEqual(faces.length - 200 + unassigned + earlierPeople * RADIUS_SAMPLE_FACES);
    // Embeddings are read by id for the faces judged, never listed whole.
    expect(fixture.catalog.calls.listFacesWithEmbeddings).toEqual([]);
  });

  it('bounded: judges every unassigned face again once the user decided something (a settled face may now join)', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces.slice(0, 200), PACK);
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    const all = await fixture.catalog.listFaces({ pack: PACK });
    const unassigned = all.filter((f) => f.personId === null);
    const placed = all.find((f) => f.personId !== null)!;
    expect(unassigned.length).toBeGreaterThan(0);

    await fixture.catalog.assignFaces([{ faceId: unassigned[0]!.id, personId: placed.personId, source: 'user' }]);
    fixture.catalog.calls.nearestFaces = 0;
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    // Every face still without a person is judged (one query each), plus samples of the people they see for radii.
    expect(fixture.catalog.calls.nearestFaces).toBeGreaterThanOrEqual(unassigned.length - 1);

    fixture.catalog.calls.nearestFaces = 0;
    await clusterLibrary(fixture.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    expect(fixture.catalog.calls.nearestFaces).toBe(0);
  });
});

describe('batch neighbours', () => {
  it('give the same people as the index, asking it only about a few faces', async () => {
    const viaIndex = testDoubleFixture();
    const viaBatch = testDoubleFixture();
    for (const fixture of [viaIndex, viaBatch]) await fixture.add(faces.slice(0, 200), PACK);
    await clusterLibrary(viaIndex.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    viaBatch.catalog.calls.nearestFaces = 0;
    await clusterLibrary(viaBatch.catalog, PACK, t, { mode: 'incremental' });
    expect(viaBatch.catalog.calls.nearestFaces).toBe(0);
    const people = async (fixture: ReturnType<typeof testDoubleFixture>) =>
      (await fixture.catalog.listFaces({ pack: PACK })).map((f) => [f.id, f.personId]).sort();
    expect(await people(viaBatch)).toEqual(await people(viaIndex));

    // A second run, with people to judge new groups against: the longer lists that needs come from the batch too.
    for (const fixture of [viaIndex, viaBatch]) await fixture.add(faces.slice(200), PACK);
    await clusterLibrary(viaIndex.catalog, PACK, t, { mode: 'incremental', neighbours: 'index' });
    await clusterLibrary(viaBatch.catalog, PACK, t, { mode: 'incremental' });
    // Only a round of a few settled faces near the new ones goes to the index.
    expect(viaBatch.catalog.calls.nearestFaces).toBeLessThanOrEqual(FEW_FACES);
    expect(await people(viaBatch)).toEqual(await people(viaIndex));
  });
});
