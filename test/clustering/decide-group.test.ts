import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../src/clustering/assignment-state.js';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { ConstraintIndex } from '../../src/clustering/constraint-index.js';
import { decideGroup, GROUP_NEIGHBOURS } from '../../src/clustering/decide-group.js';
import { NeighbourGraph } from '../../src/clustering/neighbour-graph.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import type { Constraint } from '../../src/catalog/catalog.js';
import { ownPhotos, stateFixture } from './state-fixture.js';
import { faceOf, lookalike, randomCentre, seededRandom } from './synthetic.js';

const group = ['g1', 'g2', 'g3'];
const people = { a1: 'A', a2: 'A', a3: 'A', b1: 'B', b2: 'B', b3: 'B' };

/** Similarities of the group among itself, to A's and to B's faces (every pair alike). */
function world(within: number, toA: number, toB = 0) {
  const similarities: Record<string, number> = { 'g1-g2': within, 'g1-g3': within, 'g2-g3': within };
  for (const g of group) {
    for (const p of ['1', '2', '3']) {
      similarities[`${g}-a${p}`] = toA;
      similarities[`${g}-b${p}`] = toB;
    }
  }
  return similarities;
}

async function decide(similarities: Record<string, number>, options: { former?: Record<string, string>; constraints?: Constraint[] } = {}) {
  const { state, graph } = await stateFixture({
    photos: ownPhotos(...group, ...Object.keys(people)),
    people,
    similarities,
    constraints: options.constraints,
  });
  return decideGroup(group, {
    graph,
    state,
    formerPerson: (f) => options.former?.[f] ?? null,
    thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
  });
}

describe('decideGroup', () => {
  it('joins a group of new photos of a known person to that person', async () => {
    expect(await decide(world(0.6, 0.62))).toEqual({ kind: 'person', personId: 'A' });
  });

  it('makes a stranger group a new person', async () => {
    expect(await decide(world(0.6, 0.1))).toEqual({ kind: 'new' });
  });

  it('makes a look-alike a new person: closer to each other than to the known person by the new-person margin', async () => {
    // 0.45 to A would let each face join A on its own (>= 0.35), but the group is 0.25 tighter.
    expect(await decide(world(0.7, 0.45))).toEqual({ kind: 'new' });
  });

  it('compares a group bigger than the person as if it had the person\'s size, so its many near-duplicates do not make it someone else', async () => {
    // Eight faces in four bursts of two near-duplicates (0.95), 0.6 apart otherwise; A has three faces, 0.6 from each.
    // Taken whole, the group's closest three average (0.95 + 0.6 + 0.6) / 3 = 0.72, 0.12 above A's 0.6; the 2nd, 4th
    // and 6th closest (where three faces' closest three would lie) are all 0.6.
    const members = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8'];
    const similarities: Record<string, number> = {};
    members.forEach((a, i) => {
      members.slice(i + 1).forEach((b, j) => (similarities[`${a}-${b}`] = j === 0 && i % 2 === 0 ? 0.95 : 0.6));
      for (const p of ['a1', 'a2', 'a3']) similarities[`${a}-${p}`] = 0.6;
    });
    const { state, graph } = await stateFixture({ photos: ownPhotos(...members, 'a1', 'a2', 'a3'), people: { a1: 'A', a2: 'A', a3: 'A' }, similarities });
    const decision = decideGroup(members, { graph, state, formerPerson: () => null, thresholds: DEFAULT_CLUSTERING_THRESHOLDS });
    expect(decision).toEqual({ kind: 'person', personId: 'A' });
  });

  it('leaves a group between two known people to the user', async () => {
    expect(await decide(world(0.6, 0.6, 0.58))).toEqual({ kind: 'ambiguous' });
  });

  it('does not join a group to a person the user declared different from where its faces came from', async () => {
    const decision = await decide(world(0.6, 0.62), {
      former: { g1: 'Q', g2: 'Q' },
      constraints: [{ kind: 'different-people', personA: 'A', personB: 'Q' }],
    });
    expect(decision).toEqual({ kind: 'ambiguous' });
  });
});

/**
 * A known person and a new group of realistic size (synthetic ArcFace-like faces): the group is the person's own new
 * photos, or a relative's (centres at `centreSimilarity`). One run would put the person's photos together however they
 * were split into runs; a relative must stay apart whichever side is bigger.
 */
async function judgeSizes(personSize: number, groupSize: number, options: { centreSimilarity?: number; deep?: boolean } = {}) {
  const random = seededRandom(personSize * 1000 + groupSize);
  const centre = randomCentre(random);
  const groupCentre = options.centreSimilarity === undefined ? centre : lookalike(centre, options.centreSimilarity, random);
  const make = (prefix: string, n: number, c: Float32Array) =>
    Array.from({ length: n }, (_, i) => {
      const quality = 0.55 + 0.45 * random();
      return { id: `${prefix}${String(i).padStart(4, '0')}`, photoId: `photo-${prefix}${i}`, quality, embedding: faceOf(c, quality, random) };
    });
  const [known, group] = [make('a', personSize, centre), make('g', groupSize, groupCentre)];
  const all = [...known, ...group];
  const faces = new Map(all.map((f) => [f.id, { id: f.id, photoId: f.photoId, quality: f.quality, personId: null, source: null }]));
  const state = new AssignmentState(faces, new ConstraintIndex([]));
  for (const f of known) state.place(f.id, 'A');
  const groupIds = group.map((f) => f.id);
  const t = DEFAULT_CLUSTERING_THRESHOLDS;
  const deeper = options.deep === false ? undefined : { faceIds: new Set(groupIds), k: GROUP_NEIGHBOURS };
  const graph = await NeighbourGraph.load(bruteForceNeighbours(all), new Set(faces.keys()), groupIds, t.neighbourCount, deeper);
  return decideGroup(groupIds, { graph, state, formerPerson: () => null, thresholds: t });
}

describe('decideGroup compares a group and a person of different sizes alike', () => {
  it.each([
    [50, 470],
    [5, 470],
    [470, 50],
    [20, 20],
  ])("joins a known person of %i faces and a group of %i of the person's new photos", async (personSize, groupSize) => {
    expect(await judgeSizes(personSize, groupSize)).toEqual({ kind: 'person', personId: 'A' });
  });

  it.each([
    [50, 470, 0.65],
    [5, 470, 0.65],
    [470, 50, 0.65],
    [50, 470, 0.5],
    [20, 20, 0.65],
  ])('keeps a relative apart: known person of %i faces, group of %i, centres at %s', async (personSize, groupSize, centreSimilarity) => {
    expect(await judgeSizes(personSize, groupSize, { centreSimilarity })).toEqual({ kind: 'new' });
  });

  it('errs towards a new person when the lists are too short to see past the group', async () => {
    expect(await judgeSizes(50, 470, { deep: false })).toEqual({ kind: 'new' });
  });
});
