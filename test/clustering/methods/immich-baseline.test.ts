import { describe, expect, it } from 'vitest';
import { IMMICH_DEFAULTS, immichBaseline } from '../../../src/clustering/methods/immich-baseline.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../../src/clustering/thresholds.js';
import type { ClusterFace } from '../../../src/clustering/types.js';
import { pairwiseScores, singletonMerges } from '../../../src/eval/metrics.js';
import { scenarioFaces } from '../library-scenarios.js';
import { SimulatedLibrary } from '../simulated-library.js';
import { tableNeighbours } from '../similarity-table.js';

const baseline = immichBaseline();
const face = (id: string, photoId = `photo-${id}`): ClusterFace => ({ id, photoId, quality: 1, personId: null, source: null });

async function plan(faces: ClusterFace[], similarities: Record<string, number>) {
  return baseline.plan({
    mode: 'incremental',
    faces,
    people: [],
    constraints: [],
    neighbours: tableNeighbours(
      faces.map((f) => f.id),
      similarities,
    ),
    thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
  });
}

describe('immichBaseline', () => {
  it('uses Immich defaults: 3 faces within cosine distance 0.5', () => {
    expect(IMMICH_DEFAULTS).toMatchObject({ maxDistance: 0.5, minFaces: 3 });
    expect(baseline.name).toBe('immich-baseline');
  });

  it('starts a person from a core face and defers a face with too few matches until the end', async () => {
    // a, b, c match each other (core); d matches only a (not core, deferred, then joins a's person); e matches nobody.
    const result = await plan([face('a'), face('b'), face('c'), face('d'), face('e')], {
      'a-b': 0.7,
      'a-c': 0.7,
      'b-c': 0.7,
      'a-d': 0.6,
      'd-e': 0.3,
    });
    expect(result.newPeople).toEqual([{ tempId: expect.any(String), faceIds: ['a', 'b', 'c', 'd'] }]);
    expect(result.unassigned).toEqual(['e']);
  });

  it('like Immich, ignores same-photo conflicts (the reason it is only a baseline)', async () => {
    const result = await plan([face('a', 'group'), face('b', 'group'), face('c')], { 'a-b': 0.9, 'a-c': 0.9, 'b-c': 0.9 });
    expect(result.newPeople.map((p) => p.faceIds)).toEqual([['a', 'b', 'c']]);
  });

  it('still never moves user faces and never breaks a not-person decision', async () => {
    const faces = [
      { ...face('u'), personId: 'p1', source: 'user' as const },
      face('a'),
      face('b'),
    ];
    const result = await baseline.plan({
      mode: 'recluster',
      faces,
      people: [{ id: 'p1', name: 'Ada', hidden: false }],
      constraints: [{ kind: 'not-person', faceId: 'b', personId: 'p1' }],
      neighbours: tableNeighbours(['u', 'a', 'b'], { 'u-a': 0.8, 'u-b': 0.8, 'a-b': 0.8 }),
      thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
    });
    expect(result.assignments).toContainEqual({ faceId: 'a', personId: 'p1', source: 'auto' });
    expect(result.assignments.find((a) => a.faceId === 'b')?.personId).not.toBe('p1');
    expect(result.assignments.map((a) => a.faceId)).not.toContain('u');
  });

  it('runs on a synthetic library: precise, but finds fewer same-person pairs than the default method', async () => {
    const faces = scenarioFaces('separated');
    const viaBaseline = new SimulatedLibrary(faces);
    await viaBaseline.cluster('recluster', { planner: baseline.plan });
    const viaDefault = new SimulatedLibrary(faces);
    await viaDefault.cluster('recluster');
    const [b, d] = [pairwiseScores(viaBaseline.labels()), pairwiseScores(viaDefault.labels())];
    expect(b.precision).toBeGreaterThanOrEqual(0.99);
    expect(b.recall).toBeGreaterThan(0.3);
    expect(d.f1).toBeGreaterThan(b.f1);
    expect(singletonMerges(viaBaseline.labels()).merged).toBe(0);
  });
});
