import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../src/clustering/assignment-state.js';
import { decideAttachment } from '../../src/clustering/attach-to-people.js';
import { ConstraintIndex } from '../../src/clustering/constraint-index.js';
import { NeighbourGraph } from '../../src/clustering/neighbour-graph.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import { bestPerson, onePersonPerPhoto, type KnownNeighbour } from '../../src/inference/match-person.js';

const thresholds = { ...DEFAULT_CLUSTERING_THRESHOLDS, adaptiveRadiusSlack: null };

/**
 * What clustering decides for a new face "q" whose neighbours are `neighbours` (faces f0, f1, ... of the given people,
 * people as large as `sizes` says), through the real attach pass: the reference bestPerson must agree with.
 */
async function clusteringDecision(neighbours: KnownNeighbour[], sizes: Record<string, number>): Promise<string | null> {
  const faces = new Map<string, { id: string; photoId: string; quality: number; personId: string | null; source: null }>();
  const add = (id: string, personId: string | null) => faces.set(id, { id, photoId: `photo-${id}`, quality: 1, personId, source: null });
  add('q', null);
  neighbours.forEach((n, i) => add(`f${i}`, n.personId));
  // Faces of each person beyond the neighbour list: far away, but they count in the person's size.
  for (const [personId, size] of Object.entries(sizes)) {
    const near = neighbours.filter((n) => n.personId === personId).length;
    for (let i = near; i < size; i++) add(`${personId}-far${i}`, personId);
  }
  const state = new AssignmentState(faces, new ConstraintIndex([]));
  for (const face of faces.values()) if (face.personId !== null) state.place(face.id, face.personId);
  const list = neighbours.map((n, i) => ({ faceId: `f${i}`, distance: 1 - n.similarity }));
  const graph = await NeighbourGraph.load((id) => (id === 'q' ? list : []), new Set(faces.keys()), ['q'], thresholds.neighbourCount);
  const decision = decideAttachment('q', graph, state, thresholds);
  return decision.kind === 'join' ? decision.personId : null;
}

const cases: [string, KnownNeighbour[], Record<string, number>][] = [
  ['a clear match', [{ personId: 'p1', similarity: 0.7 }, { personId: 'p1', similarity: 0.65 }, { personId: 'p1', similarity: 0.6 }, { personId: null, similarity: 0.5 }], { p1: 10 }],
  ['too far from everyone', [{ personId: 'p1', similarity: 0.3 }, { personId: 'p1', similarity: 0.28 }, { personId: 'p2', similarity: 0.2 }], { p1: 5, p2: 5 }],
  ['two people too close to call', [{ personId: 'p1', similarity: 0.6 }, { personId: 'p2', similarity: 0.59 }, { personId: 'p1', similarity: 0.58 }, { personId: 'p2', similarity: 0.58 }, { personId: 'p1', similarity: 0.55 }, { personId: 'p2', similarity: 0.55 }], { p1: 3, p2: 3 }],
  ['one look-alike photo is not enough for a big person', [{ personId: 'p1', similarity: 0.8 }, { personId: null, similarity: 0.3 }], { p1: 20 }],
  ['a person of one face is averaged over one', [{ personId: 'p3', similarity: 0.5 }], { p3: 1 }],
  ['the runner-up far behind', [{ personId: 'p2', similarity: 0.62 }, { personId: 'p1', similarity: 0.45 }, { personId: 'p2', similarity: 0.6 }], { p1: 2, p2: 2 }],
];

describe('bestPerson: the attach rule of clustering, for a face that is not stored', () => {
  it.each(cases)('%s: the same decision as clustering', async (_label, neighbours, sizes) => {
    const expected = await clusteringDecision(neighbours, sizes);
    expect(bestPerson(neighbours, (id) => sizes[id] ?? 0, thresholds)?.personId ?? null).toBe(expected);
  });

  it('covers both outcomes among the cases', async () => {
    const decisions = await Promise.all(cases.map(([, n, s]) => clusteringDecision(n, s)));
    expect(decisions.filter((d) => d !== null).length).toBeGreaterThanOrEqual(2);
    expect(decisions.filter((d) => d === null).length).toBeGreaterThanOrEqual(2);
  });

  it('scores a person by the mean of its closest faces', () => {
    const match = bestPerson([{ personId: 'p1', similarity: 0.9 }, { personId: 'p1', similarity: 0.6 }, { personId: 'p1', similarity: 0.3 }, { personId: 'p1', similarity: 0.1 }], () => 10, thresholds);
    expect(match?.score).toBeCloseTo(0.6, 10);
  });
});

describe('onePersonPerPhoto', () => {
  it('gives a person to the closest of the faces that want it and nobody to the others', () => {
    const chosen = onePersonPerPhoto([{ personId: 'p1', score: 0.5 }, { personId: 'p1', score: 0.7 }, null, { personId: 'p2', score: 0.4 }]);
    expect(chosen).toEqual([null, { personId: 'p1', score: 0.7 }, null, { personId: 'p2', score: 0.4 }]);
  });
});
