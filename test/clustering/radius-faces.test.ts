import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../src/clustering/assignment-state.js';
import { ConstraintIndex } from '../../src/clustering/constraint-index.js';
import { joiningSimilarity } from '../../src/clustering/judged-faces.js';
import { NeighbourGraph } from '../../src/clustering/neighbour-graph.js';
import { RADIUS_SAMPLE_FACES, radiusFaces } from '../../src/clustering/radius-faces.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import type { ClusterFace } from '../../src/clustering/types.js';
import { tableNeighbours } from './similarity-table.js';

/** People A (big), B and C of earlier runs; the new face `n` sees A and B, not C. */
async function world(sizeOfA: number, nToC = 0) {
  const members = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
  const [a, b, c] = [members('a', sizeOfA), members('b', 6), members('c', 6)];
  const ids = ['n', ...a, ...b, ...c];
  const faces = new Map<string, ClusterFace>(ids.map((id) => [id, { id, photoId: `photo-${id}`, quality: 1, personId: null, source: null }]));
  const state = new AssignmentState(faces, new ConstraintIndex([]));
  for (const [list, person] of [[a, 'A'], [b, 'B'], [c, 'C']] as const) for (const f of list) state.place(f, person);
  const graph = await NeighbourGraph.load(tableNeighbours(ids, { 'n-a000': 0.5, 'n-b000': 0.4, 'n-c000': nToC }), new Set(ids), ['n', 'b001'], 3);
  return { a, b, c, state, graph };
}

describe('radiusFaces', () => {
  it('samples the faces without a list of the people a movable face sees, and only theirs', async () => {
    const { b, c, state, graph } = await world(10);
    const picked = radiusFaces(['n'], graph, state, DEFAULT_CLUSTERING_THRESHOLDS);
    expect(picked.filter((f) => f.startsWith('a'))).toHaveLength(10);
    // b001 already has a list: asking again would cost a query for nothing.
    expect(picked.filter((f) => f.startsWith('b'))).toEqual(b.filter((f) => f !== 'b001'));
    expect(picked.filter((f) => c.includes(f))).toEqual([]);
  });

  it("takes at most RADIUS_SAMPLE_FACES of a big person's faces, spread over all of them", async () => {
    const { a, state, graph } = await world(RADIUS_SAMPLE_FACES * 3 + 1);
    const fromA = radiusFaces(['n'], graph, state, DEFAULT_CLUSTERING_THRESHOLDS).filter((f) => f.startsWith('a'));
    expect(fromA).toHaveLength(RADIUS_SAMPLE_FACES);
    expect(new Set(fromA).size).toBe(RADIUS_SAMPLE_FACES);
    expect(fromA[0]).toBe(a[0]);
    // Evenly spaced: the last pick lies within one step (~3 faces) of the end, not at the 32nd face.
    expect(a.indexOf(fromA.at(-1)!)).toBeGreaterThanOrEqual(a.length - 4);
  });

  it('asks for nothing when the radius is off', async () => {
    const { state, graph } = await world(10);
    expect(radiusFaces(['n'], graph, state, { ...DEFAULT_CLUSTERING_THRESHOLDS, adaptiveRadiusSlack: null })).toEqual([]);
  });

  it('leaves out a person the face sees only below the joining similarity (it could never take the face)', async () => {
    const reach = joiningSimilarity(DEFAULT_CLUSTERING_THRESHOLDS);
    const below = await world(10, reach - 0.05);
    expect(below.graph.of('n').map((f) => f.faceId)).toContain('c000');
    expect(radiusFaces(['n'], below.graph, below.state, DEFAULT_CLUSTERING_THRESHOLDS).filter((f) => f.startsWith('c'))).toEqual([]);
    const within = await world(10, reach + 0.01);
    expect(radiusFaces(['n'], within.graph, within.state, DEFAULT_CLUSTERING_THRESHOLDS).filter((f) => f.startsWith('c'))).toHaveLength(6);
  });
});
