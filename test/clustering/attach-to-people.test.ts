import { describe, expect, it } from 'vitest';
import { attachToPeople, decideAttachment, personRadii, scorePeople } from '../../src/clustering/attach-to-people.js';
import { DEFAULT_CLUSTERING_THRESHOLDS, type ClusteringThresholds } from '../../src/clustering/thresholds.js';
import { ownPhotos, stateFixture } from './state-fixture.js';

const t = DEFAULT_CLUSTERING_THRESHOLDS; // exemplarCount 3, matchSimilarity 0.35, matchMargin 0.05

describe('scorePeople', () => {
  it('averages the closest exemplars of each person, counting unseen ones as 0', async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1', 'a2', 'a3', 'a4', 'b1', 'c1'),
      people: { a1: 'A', a2: 'A', a3: 'A', a4: 'A', b1: 'B', c1: 'C' },
      // A: best three 0.9 0.6 0.3 (0.1 is the fourth); B has one face; C has one face but is not similar at all.
      similarities: { 'f-a1': 0.9, 'f-a2': 0.6, 'f-a3': 0.3, 'f-a4': 0.1, 'f-b1': 0.5 },
    });
    const scores = scorePeople('f', graph, state, 3);
    expect(scores[0]).toEqual({ personId: 'A', score: expect.closeTo(0.6, 9) });
    // A one-face person is judged on that face.
    expect(scores[1]).toEqual({ personId: 'B', score: expect.closeTo(0.5, 9) });
    expect(scores[2]).toEqual({ personId: 'C', score: 0 });
  });

  it('does not let one look-alike photo carry a big person', async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1', 'a2', 'a3'),
      people: { a1: 'A', a2: 'A', a3: 'A' },
      similarities: { 'f-a1': 0.9 },
    });
    expect(scorePeople('f', graph, state, 3)[0]!.score).toBeCloseTo(0.3, 9);
  });
});

describe('decideAttachment', () => {
  it('joins the clear best person', async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1', 'b1'),
      people: { a1: 'A', b1: 'B' },
      similarities: { 'f-a1': 0.6, 'f-b1': 0.4 },
    });
    expect(decideAttachment('f', graph, state, t)).toEqual({ kind: 'join', personId: 'A', score: expect.closeTo(0.6, 9) });
  });

  it('calls a face ambiguous when the runner-up is within the margin', async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1', 'b1'),
      people: { a1: 'A', b1: 'B' },
      similarities: { 'f-a1': 0.6, 'f-b1': 0.57 },
    });
    expect(decideAttachment('f', graph, state, t)).toEqual({ kind: 'ambiguous' });
  });

  it('leaves a face alone below the match similarity', async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1'),
      people: { a1: 'A' },
      similarities: { 'f-a1': 0.3 },
    });
    expect(decideAttachment('f', graph, state, t)).toEqual({ kind: 'none' });
  });

  it('never picks a person the user excluded, and does not count it as a rival', async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1', 'b1'),
      people: { a1: 'A', b1: 'B' },
      similarities: { 'f-a1': 0.6, 'f-b1': 0.58 },
      constraints: [{ kind: 'not-person', faceId: 'f', personId: 'A' }],
    });
    expect(decideAttachment('f', graph, state, t)).toMatchObject({ kind: 'join', personId: 'B' });
  });

  it('refuses a person already in the same photo', async () => {
    const { state, graph } = await stateFixture({
      photos: { f: 'group', a1: 'group', a2: 'other' },
      people: { a1: 'A', a2: 'A' },
      similarities: { 'f-a1': 0.7, 'f-a2': 0.7 },
    });
    expect(decideAttachment('f', graph, state, t)).toEqual({ kind: 'ambiguous' });
  });
});

describe('attachToPeople', () => {
  it('gives a contested person to the closer of two faces of one photo', async () => {
    const { state, graph } = await stateFixture({
      photos: { f: 'group', g: 'group', a1: 'x' },
      people: { a1: 'A' },
      similarities: { 'f-a1': 0.5, 'g-a1': 0.7 },
    });
    attachToPeople(['f', 'g'], graph, state, t);
    expect([state.personOf('f'), state.personOf('g')]).toEqual([null, 'A']);
  });

  it('does not chain: a face that just joined is no exemplar for the others in the same pass', async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('a1', 'f', 'g'),
      people: { a1: 'A' },
      similarities: { 'a1-f': 0.6, 'f-g': 0.9, 'a1-g': 0.1 },
    });
    attachToPeople(['f', 'g'], graph, state, t);
    expect([state.personOf('f'), state.personOf('g')]).toEqual(['A', null]);
  });
});

describe('adaptive radius (adaptiveRadiusSlack)', () => {
  /** A person of `size` faces all at `within` to each other, and a newcomer at `newcomer` to three of them. */
  const personAnd = (prefix: string, size: number, within: number, newcomer: string, at: number) => {
    const members = Array.from({ length: size }, (_, i) => `${prefix}${i + 1}`);
    const similarities: Record<string, number> = {};
    for (const a of members) for (const b of members) if (a < b) similarities[`${a}-${b}`] = within;
    for (const m of members.slice(0, 3)) similarities[`${newcomer}-${m}`] = at;
    return { members, similarities };
  };
  const world = (...parts: ReturnType<typeof personAnd>[]) => {
    const members = parts.flatMap((p) => p.members);
    return {
      photos: ownPhotos(...members, 'f', 'g'),
      people: Object.fromEntries(members.map((m) => [m, m.replace(/\d+$/, '').toUpperCase()])),
      similarities: Object.assign({}, ...parts.map((p) => p.similarities)),
      faceIds: [...members, 'f', 'g'],
    };
  };
  const on = { ...t, adaptiveRadiusSlack: 0.2 };

  it('lets a tight person refuse a face at the global floor that a loose person accepts', async () => {
    // T: 5 faces at 0.7 to each other (radius 0.7 - 0.2 = 0.5); L: 5 faces at 0.4 (radius 0.2, so 0.35 rules).
    const spec = world(personAnd('t', 5, 0.7, 'f', 0.36), personAnd('l', 5, 0.4, 'g', 0.36));
    const { state, graph } = await stateFixture(spec);
    const radii = personRadii(graph, state, on);
    expect(radii.get('T')).toBeCloseTo(0.5, 9);
    expect(radii.get('L')).toBeCloseTo(0.2, 9);

    attachToPeople(spec.faceIds, graph, state, on);
    expect([state.personOf('f'), state.personOf('g')]).toEqual([null, 'L']);

    // Off (the global threshold alone), the tight person takes the face too.
    const off = await stateFixture(spec);
    attachToPeople(spec.faceIds, off.graph, off.state, { ...t, adaptiveRadiusSlack: null });
    expect([off.state.personOf('f'), off.state.personOf('g')]).toEqual(['T', 'L']);
  });

  it('still lets a tight person take a face within its radius', async () => {
    const spec = world(personAnd('t', 5, 0.7, 'f', 0.55));
    const { state, graph } = await stateFixture(spec);
    attachToPeople(spec.faceIds, graph, state, on);
    expect(state.personOf('f')).toBe('T');
  });

  it('gives a person with too few faces no radius: the global threshold decides', async () => {
    const small = world(personAnd('t', 4, 0.9, 'f', 0.36));
    const s = await stateFixture(small);
    expect(personRadii(s.graph, s.state, on).size).toBe(0);
    attachToPeople(small.faceIds, s.graph, s.state, on);
    expect(s.state.personOf('f')).toBe('T');

    // One face more and the same newcomer is refused.
    const big = world(personAnd('t', 5, 0.9, 'f', 0.36));
    const b = await stateFixture(big);
    attachToPeople(big.faceIds, b.graph, b.state, on);
    expect(b.state.personOf('f')).toBeNull();
  });
});

describe('a clear lead lowers the bar (leadSimilarity, leadMargin)', () => {
  const lead: ClusteringThresholds = { ...t, leadSimilarity: 0.3, leadMargin: 0.15 };
  async function decide(toA: number, toB: number, thresholds: ClusteringThresholds = lead) {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1', 'b1'),
      people: { a1: 'A', b1: 'B' },
      similarities: { 'f-a1': toA, 'f-b1': toB },
    });
    return decideAttachment('f', graph, state, thresholds);
  }

  it('lets a face join at leadSimilarity when its best person leads the runner-up by leadMargin', async () => {
    expect(await decide(0.32, 0.1)).toEqual({ kind: 'join', personId: 'A', score: expect.closeTo(0.32, 9) });
    expect(await decide(0.32, 0)).toMatchObject({ kind: 'join', personId: 'A' });
  });

  it('keeps matchSimilarity without the lead, below leadSimilarity, or when switched off', async () => {
    expect(await decide(0.32, 0.2)).toEqual({ kind: 'none' });
    expect(await decide(0.29, 0)).toEqual({ kind: 'none' });
    expect(await decide(0.32, 0.1, { ...t, leadSimilarity: null })).toEqual({ kind: 'none' });
  });

  it("counts the face's closest face without a person as a rival: its own person may not exist yet", async () => {
    const decideNextTo = async (toUnplaced: number) => {
      const { state, graph } = await stateFixture({
        photos: ownPhotos('f', 'a1', 'u'),
        people: { a1: 'A' },
        similarities: { 'f-a1': 0.32, 'f-u': toUnplaced },
      });
      return decideAttachment('f', graph, state, lead);
    };
    expect(await decideNextTo(0.2)).toEqual({ kind: 'none' });
    expect(await decideNextTo(0.1)).toMatchObject({ kind: 'join', personId: 'A' });
  });

  it("never goes below the person's acceptance radius", async () => {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1'),
      people: { a1: 'A' },
      similarities: { 'f-a1': 0.32 },
    });
    expect(decideAttachment('f', graph, state, lead, new Map([['A', 0.33]]))).toEqual({ kind: 'none' });
    expect(decideAttachment('f', graph, state, lead, new Map([['A', 0.31]]))).toMatchObject({ kind: 'join' });
  });
});

describe('a face with unplaced kin waits in later incremental runs (holdBackMargin)', () => {
  // f scores 0.5 to A (one face) and is 0.7 close to u, a face without a person: u may be f's own person, not made yet.
  async function decideBeside(toKin: number, thresholds: ClusteringThresholds, addsToKnownPeople: boolean) {
    const { state, graph } = await stateFixture({
      photos: ownPhotos('f', 'a1', 'u'),
      people: { a1: 'A' },
      similarities: { 'f-a1': 0.5, 'f-u': toKin },
    });
    return decideAttachment('f', graph, state, thresholds, new Map(), addsToKnownPeople);
  }
  const hold: ClusteringThresholds = { ...t, holdBackMargin: 0.15 };

  it('waits when its kin is closer than its best person by the margin and close enough to start a person', async () => {
    expect(await decideBeside(0.7, hold, true)).toEqual({ kind: 'none' });
    expect(await decideBeside(0.65, hold, true)).toEqual({ kind: 'none' });
  });

  it('joins when the kin is not clearly closer, too far to start a person with it, or the rule is off', async () => {
    expect(await decideBeside(0.6, hold, true)).toMatchObject({ kind: 'join', personId: 'A' });
    expect(await decideBeside(0.7, { ...hold, clusterSimilarity: 0.75 }, true)).toMatchObject({ kind: 'join', personId: 'A' });
    expect(await decideBeside(0.7, { ...hold, holdBackMargin: null }, true)).toMatchObject({ kind: 'join', personId: 'A' });
  });

  it('never holds a face back in one run (a re-cluster or a first scan sees its kin already)', async () => {
    expect(await decideBeside(0.7, hold, false)).toMatchObject({ kind: 'join', personId: 'A' });
  });
});
