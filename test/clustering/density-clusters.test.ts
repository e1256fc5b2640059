import { describe, expect, it } from 'vitest';
import { ConstraintIndex } from '../../src/clustering/constraint-index.js';
import { findDensityClusters } from '../../src/clustering/density-clusters.js';
import { NeighbourGraph } from '../../src/clustering/neighbour-graph.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import type { ClusterFace } from '../../src/clustering/types.js';
import { tableNeighbours } from './similarity-table.js';

async function cluster(
  photos: Record<string, string>,
  similarities: Record<string, number>,
  options: { seeds?: string[]; formerPeople?: Record<string, string>; constraints?: ConstructorParameters<typeof ConstraintIndex>[0] } = {},
) {
  const ids = Object.keys(photos);
  const faces = new Map<string, ClusterFace>(
    ids.map((id) => [id, { id, photoId: photos[id]!, quality: 1, personId: null, source: null }]),
  );
  const graph = await NeighbourGraph.load(tableNeighbours(ids, similarities), new Set(ids), ids, 10);
  return findDensityClusters({
    seeds: options.seeds ?? ids,
    graph,
    faces,
    formerPerson: (f) => options.formerPeople?.[f] ?? null,
    constraints: new ConstraintIndex(options.constraints ?? []),
    thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
  });
}

const ownPhotos = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, `photo-${id}`]));
const triangle = (p: string, s: number) => ({ [`${p}1-${p}2`]: s, [`${p}1-${p}3`]: s, [`${p}2-${p}3`]: s });

describe('findDensityClusters', () => {
  it('finds tight groups and leaves an outlier out', async () => {
    const groups = await cluster(ownPhotos('a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'x'), {
      ...triangle('a', 0.7),
      ...triangle('b', 0.7),
      'x-a1': 0.4,
    });
    expect(groups).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3'],
    ]);
  });

  it('does not let a single link bridge two people (DBSCAN at the same eps would merge them)', async () => {
    const groups = await cluster(ownPhotos('a1', 'a2', 'a3', 'b1', 'b2', 'b3'), {
      ...triangle('a', 0.8),
      ...triangle('b', 0.8),
      'a3-b1': 0.6,
    });
    expect(groups).toHaveLength(2);
  });

  it('keeps a group together when its parts are barely denser than the link between them', async () => {
    const groups = await cluster(ownPhotos('a1', 'a2', 'a3', 'b1', 'b2', 'b3'), {
      ...triangle('a', 0.62),
      ...triangle('b', 0.62),
      'a3-b1': 0.6,
      'a2-b2': 0.6,
      'a1-b3': 0.6,
    });
    expect(groups).toEqual([['a1', 'a2', 'a3', 'b1', 'b2', 'b3']]);
  });

  it('needs minClusterSize faces for a group', async () => {
    expect(await cluster(ownPhotos('a', 'b', 'c'), { 'a-b': 0.9 })).toEqual([]);
  });

  it('never puts two faces of one photo together, even when they are the closest pair', async () => {
    const photos = { w: 'p1', x: 'p2', y: 'p3', z: 'p2' };
    const all = { 'w-x': 0.8, 'w-y': 0.8, 'w-z': 0.8, 'x-y': 0.8, 'x-z': 0.95, 'y-z': 0.8 };
    const groups = await cluster(photos, all);
    for (const g of groups) expect(g.includes('x') && g.includes('z')).toBe(false);
    expect(groups.flat()).toHaveLength(3);
  });

  it('keeps faces of two people the user declared different apart', async () => {
    const photos = ownPhotos('a1', 'a2', 'a3', 'b1', 'b2', 'b3');
    const sims = { ...triangle('a', 0.7), ...triangle('b', 0.7), 'a1-b1': 0.7, 'a2-b2': 0.7, 'a3-b3': 0.7, 'a1-b2': 0.7 };
    const formerPeople = { a1: 'pA', a2: 'pA', b1: 'pB', b2: 'pB' };
    expect(await cluster(photos, sims, { formerPeople })).toHaveLength(1);

    const groups = await cluster(photos, sims, {
      formerPeople,
      constraints: [{ kind: 'different-people', personA: 'pA', personB: 'pB' }],
    });
    for (const g of groups) expect(['a1', 'a2'].some((f) => g.includes(f)) && ['b1', 'b2'].some((f) => g.includes(f))).toBe(false);
  });

  it('uses only the seeds it is given', async () => {
    const groups = await cluster(ownPhotos('a1', 'a2', 'a3', 'a4'), { ...triangle('a', 0.7), 'a4-a1': 0.7, 'a4-a2': 0.7 }, {
      seeds: ['a1', 'a2', 'a4'],
    });
    expect(groups).toEqual([['a1', 'a2', 'a4']]);
  });

  it('gives the same groups whatever the order of the seeds', async () => {
    const photos = ownPhotos('a1', 'a2', 'a3', 'b1', 'b2', 'b3');
    const sims = { ...triangle('a', 0.7), ...triangle('b', 0.65), 'a3-b1': 0.5 };
    const forward = await cluster(photos, sims, { seeds: ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'] });
    const backward = await cluster(photos, sims, { seeds: ['b3', 'b2', 'b1', 'a3', 'a2', 'a1'] });
    expect(backward).toEqual(forward);
  });
});
