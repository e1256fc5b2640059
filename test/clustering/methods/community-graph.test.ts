import { describe, expect, it } from 'vitest';
import { ClusteringSession } from '../../../src/clustering/clustering-session.js';
import { buildFaceGraph, nodeKey, placeCommunities, seededRandom } from '../../../src/clustering/methods/community-graph.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../../src/clustering/thresholds.js';
import type { ClusterFace, ClusteringInput } from '../../../src/clustering/types.js';
import type { Constraint } from '../../../src/catalog/catalog.js';
import { tableNeighbours } from '../similarity-table.js';

const face = (id: string, photoId = `photo-${id}`, personId: string | null = null): ClusterFace => ({
  id, photoId, quality: 1, personId, source: personId === null ? null : 'user',
});

function input(faces: ClusterFace[], similarities: Record<string, number>, constraints: Constraint[] = []): ClusteringInput {
  return {
    mode: 'incremental',
    faces,
    people: [...new Set(faces.flatMap((f) => f.personId ?? []))].map((id) => ({ id, name: null, hidden: false })),
    constraints,
    neighbours: tableNeighbours(faces.map((f) => f.id), similarities),
    thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
  };
}

async function edges(i: ClusteringInput): Promise<Record<string, number>> {
  const graph = await buildFaceGraph(new ClusteringSession(i), i);
  const out: Record<string, number> = {};
  graph.adjacency.forEach((m, a) => {
    for (const [b, w] of m) if (a < b) out[`${nodeKey(graph.nodes[a]!)} ${nodeKey(graph.nodes[b]!)}`] = Number(w.toFixed(3));
  });
  return out;
}

describe('buildFaceGraph', () => {
  it('links faces at or above clusterSimilarity, weighted by similarity, never two faces of one photo', async () => {
    const floor = DEFAULT_CLUSTERING_THRESHOLDS.clusterSimilarity;
    const faces = [face('a'), face('b'), face('c', 'shared'), face('d', 'shared')];
    expect(await edges(input(faces, { 'a-b': 0.7, 'a-c': floor, 'b-c': floor - 0.01, 'c-d': 0.9 }))).toEqual({
      'f:a f:b': 0.7,
      'f:a f:c': floor,
    });
  });

  it("makes a known person one node, its edge the sum over the person's faces, and none where a rule forbids joining", async () => {
    const faces = [face('u1', 'p-u1', 'p1'), face('u2', 'p-u2', 'p1'), face('x'), face('y'), face('z', 'p-u1')];
    const i = input(faces, { 'x-u1': 0.6, 'x-u2': 0.5, 'y-u1': 0.7, 'z-u2': 0.8 }, [{ kind: 'not-person', faceId: 'y', personId: 'p1' }]);
    // y was excluded from p1 by the user; z shares a photo with u1, a face of p1.
    expect(await edges(i)).toEqual({ 'f:x p:p1': 1.1 });
  });
});

describe('placeCommunities', () => {
  it('makes people of communities of at least minClusterSize faces and leaves the rest unassigned', async () => {
    const faces = ['a', 'b', 'c', 'd', 'e'].map((id) => face(id));
    const i = input(faces, { 'a-b': 0.8, 'a-c': 0.8, 'b-c': 0.8, 'd-e': 0.8 });
    const session = new ClusteringSession(i);
    const graph = await buildFaceGraph(session, i);
    placeCommunities(session, graph, [0, 0, 0, 1, 1], DEFAULT_CLUSTERING_THRESHOLDS);
    const plan = session.toPlan();
    expect(plan.newPeople.map((p) => p.faceIds)).toEqual([['a', 'b', 'c']]);
    expect(plan.unassigned).toEqual(['d', 'e']);
  });

  it('refuses labels that do not cover the graph', async () => {
    const i = input([face('a')], {});
    const session = new ClusteringSession(i);
    expect(() => placeCommunities(session, { nodes: [{ kind: 'face', faceId: 'a' }], adjacency: [new Map()] }, [], DEFAULT_CLUSTERING_THRESHOLDS)).toThrow(/labelled 0 of 1/);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(take(1)).toEqual(take(1));
    expect(take(1)).not.toEqual(take(2));
    expect(take(1).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
