import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTERING_THRESHOLDS, type ClusteringThresholds } from '../../src/clustering/thresholds.js';
import { ownPhotos, stateFixture } from './state-fixture.js';
import { SimulatedLibrary } from './simulated-library.js';
import { faceOf, lookalike, randomCentre, seededRandom, type SyntheticFace } from './synthetic.js';
import { measureLinks, mergePeople } from '../../src/clustering/merge-people.js';

const ON: ClusteringThresholds = { ...DEFAULT_CLUSTERING_THRESHOLDS, mergeSupport: 0.5 };
const OFF: ClusteringThresholds = { ...DEFAULT_CLUSTERING_THRESHOLDS, mergeSupport: null };

/**
 * One identity photographed in two eras (15 faces each) whose centres are `centreSimilarity` apart: at 0.65 the density
 * pass makes two people of it (measured with seeds 1-3), at 0.5 (a close relative in the synthetic scenarios) the
 * two halves are not one person's at all.
 */
function twoHalves(seed: number, centreSimilarity: number, options: { sharedPhoto?: boolean } = {}): SyntheticFace[] {
  const random = seededRandom(seed);
  const young = randomCentre(random);
  const old = lookalike(young, centreSimilarity, random);
  const faces: SyntheticFace[] = [];
  for (const [prefix, centre] of [['a', young], ['b', old]] as const) {
    for (let i = 0; i < 15; i++) {
      const quality = 0.55 + 0.45 * random();
      faces.push({ id: `${prefix}${String(i).padStart(2, '0')}`, photoId: `photo-${prefix}${i}`, identity: prefix, quality, embedding: faceOf(centre, quality, random) });
    }
  }
  if (options.sharedPhoto) faces.find((f) => f.id === 'b00')!.photoId = 'photo-a0';
  return faces;
}

const halvesOf = (lib: SimulatedLibrary) =>
  [...lib.groups().values()].map((faces) => `${faces.filter((f) => f.startsWith('a')).length}a+${faces.filter((f) => f.startsWith('b')).length}b`).sort();

describe('the people-merge pass (planClustering with mergeSupport)', () => {
  it.each([1, 2, 3])('joins the two halves of a person the density pass split (seed %i)', async (seed) => {
    const off = new SimulatedLibrary(twoHalves(seed, 0.65));
    await off.cluster('recluster', { thresholds: OFF });
    expect(halvesOf(off)).toEqual(['0a+15b', '15a+0b']);
    const on = new SimulatedLibrary(twoHalves(seed, 0.65));
    await on.cluster('recluster', { thresholds: ON });
    expect(halvesOf(on)).toEqual(['15a+15b']);
  });

  it.each([1, 2, 3])('keeps close relatives apart: centres 0.5 apart (seed %i)', async (seed) => {
    const lib = new SimulatedLibrary(twoHalves(seed, 0.5));
    await lib.cluster('recluster', { thresholds: ON });
    expect(halvesOf(lib)).toEqual(['0a+15b', '15a+0b']);
  });

  it('never merges two people one photo shows together', async () => {
    const lib = new SimulatedLibrary(twoHalves(1, 0.65, { sharedPhoto: true }));
    await lib.cluster('recluster', { thresholds: ON });
    expect(halvesOf(lib)).toEqual(['0a+15b', '15a+0b']);
  });

  it('never merges people the user declared different', async () => {
    const lib = new SimulatedLibrary(twoHalves(1, 0.65));
    await lib.cluster('recluster', { thresholds: OFF });
    const [p, q] = [lib.personOf('a00')!, lib.personOf('b00')!];
    lib.constraints.push({ kind: 'different-people', personA: p, personB: q });
    await lib.cluster('recluster', { thresholds: ON });
    expect(halvesOf(lib)).toEqual(['0a+15b', '15a+0b']);
    // Control: the same re-cluster without the decision merges them.
    lib.constraints.length = 0;
    await lib.cluster('recluster', { thresholds: ON });
    expect(halvesOf(lib)).toEqual(['15a+15b']);
  });

  it("brings a person's unnamed half to the named one, but never a face the user said is not that person", async () => {
    const lib = new SimulatedLibrary(twoHalves(2, 0.65));
    const ada = lib.createPerson('Ada');
    lib.assignByUser(['a00', 'a01'], ada);
    await lib.cluster('recluster', { thresholds: ON });
    expect(halvesOf(lib)).toEqual(['15a+15b']);
    expect(lib.personOf('b05')).toBe(ada);

    const refused = new SimulatedLibrary(twoHalves(2, 0.65));
    const bea = refused.createPerson('Bea');
    refused.assignByUser(['a00', 'a01'], bea);
    refused.constraints.push({ kind: 'not-person', faceId: 'b03', personId: bea });
    await refused.cluster('recluster', { thresholds: ON });
    expect(refused.personOf('b03')).not.toBe(bea);
    expect(refused.personOf('b05')).not.toBe(bea);
  });

  it('never merges two people the user named, nor moves faces the user confirmed', async () => {
    const lib = new SimulatedLibrary(twoHalves(3, 0.65));
    const [ada, bea] = [lib.createPerson('Ada'), lib.createPerson('Bea')];
    lib.assignByUser(['a00', 'a01'], ada);
    lib.assignByUser(['b00', 'b01'], bea);
    await lib.cluster('recluster', { thresholds: ON });
    expect(lib.personOf('a05')).toBe(ada);
    expect(lib.personOf('b05')).toBe(bea);
  });

  it('in an incremental run, joins a new group to the known person it continues, judged from the group', async () => {
    const faces = twoHalves(1, 0.65);
    const lib = new SimulatedLibrary(faces.filter((f) => f.id.startsWith('a')));
    await lib.cluster('incremental', { thresholds: ON });
    const known = lib.personOf('a00');
    expect(known).not.toBeNull();
    lib.add(faces.filter((f) => f.id.startsWith('b')));
    await lib.cluster('incremental', { thresholds: ON });
    expect(halvesOf(lib)).toEqual(['15a+15b']);
    expect(lib.personOf('b00')).toBe(known);
  });
});

describe('mergePeople on hand-made similarities', () => {
  // Two people of three faces; every cross pair at `cross`, every pair within a person at 0.6.
  async function world(cross: number, options: { movable?: string[]; named?: string[] } = {}) {
    const ids = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'];
    const similarities: Record<string, number> = { 'a1-a2': 0.6, 'a1-a3': 0.6, 'a2-a3': 0.6, 'b1-b2': 0.6, 'b1-b3': 0.6, 'b2-b3': 0.6 };
    for (const a of ids.slice(0, 3)) for (const b of ids.slice(3)) similarities[`${a}-${b}`] = cross;
    const { state, graph } = await stateFixture({ photos: ownPhotos(...ids), people: { a1: 'A', a2: 'A', a3: 'A', b1: 'B', b2: 'B', b3: 'B' }, similarities });
    const merges = mergePeople({ graph, state, movable: new Set(options.movable ?? ids), named: new Set(options.named ?? []), formerPerson: () => null, thresholds: ON });
    return { state, graph, merges };
  }

  it('measures each side by its faces\' mean exemplar score to the other and the share that would join it alone', async () => {
    const { state, graph } = await world(0.3);
    const links = measureLinks({ graph, state, thresholds: ON });
    expect(links.get('A\u0000B')).toEqual({ from: 'A', to: 'B', measured: 3, cross: expect.closeTo(0.3, 9), support: 0 });
  });

  it('merges at matchSimilarity with full support, not below it', async () => {
    expect((await world(0.36)).merges).toEqual([{ from: 'B', into: 'A', score: expect.closeTo(0.36, 9) }]);
    expect((await world(0.34)).merges).toEqual([]);
  });

  it('moves only a person whose faces may all move, and never a named one', async () => {
    expect((await world(0.4, { movable: ['b1', 'b2', 'b3'] })).merges).toEqual([{ from: 'B', into: 'A', score: expect.closeTo(0.4, 9) }]);
    expect((await world(0.4, { movable: ['a1', 'a2', 'a3'] })).merges).toEqual([{ from: 'A', into: 'B', score: expect.closeTo(0.4, 9) }]);
    expect((await world(0.4, { named: ['B'] })).merges).toEqual([{ from: 'A', into: 'B', score: expect.closeTo(0.4, 9) }]);
    expect((await world(0.4, { named: ['A', 'B'] })).merges).toEqual([]);
    expect((await world(0.4, { movable: [] })).merges).toEqual([]);
  });
});
