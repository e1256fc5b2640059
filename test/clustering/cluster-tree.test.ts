import { describe, expect, it } from 'vitest';
import { ClusterTree } from '../../src/clustering/cluster-tree.js';

/** Replays joins with a tiny union-find, so each test lists only who joins whom at which level. */
function build(minClusterSize: number, joins: [string, string, number][]): ClusterTree {
  const tree = new ClusterTree(minClusterSize);
  const members = new Map<string, string[]>();
  const root = new Map<string, string>();
  const find = (f: string): string => {
    if (!root.has(f)) {
      root.set(f, f);
      members.set(f, [f]);
    }
    const r = root.get(f)!;
    return r === f ? f : find(r);
  };
  for (const [a, b, lambda] of joins) {
    const [ra, rb] = [find(a), find(b)];
    tree.join({ key: ra, members: members.get(ra)! }, { key: rb, members: members.get(rb)! }, lambda);
    members.set(ra, [...members.get(ra)!, ...members.get(rb)!]);
    root.set(rb, ra);
  }
  return tree;
}

const triangle = (p: string, lambda: number): [string, string, number][] => [
  [`${p}1`, `${p}2`, lambda],
  [`${p}1`, `${p}3`, lambda],
];

describe('ClusterTree', () => {
  it('keeps two dense groups apart when they meet only at a much lower density', () => {
    const tree = build(3, [...triangle('a', 10), ...triangle('b', 10), ['a1', 'b1', 2]]);
    // Each group: 3 faces x (10 - 2) = 24; together: 6 x (2 - 1) = 6 < 48.
    expect(tree.selectClusters(1).map((c) => c.sort())).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3'],
    ]);
  });

  it('keeps one group when its parts are barely denser than their union', () => {
    const tree = build(3, [...triangle('a', 2.2), ...triangle('b', 2.2), ['a1', 'b1', 2]]);
    // Parts: 3 x 0.2 each; together: 6 x (2 - 1) = 6.
    expect(tree.selectClusters(1).map((c) => c.sort())).toEqual([['a1', 'a2', 'a3', 'b1', 'b2', 'b3']]);
  });

  it('lets a fragment smaller than the minimum fall into a cluster instead of splitting it', () => {
    const tree = build(3, [...triangle('a', 10), ['x', 'y', 9], ['a1', 'x', 5]]);
    // x-y (2 faces) is no cluster; it joins a's cluster as a fragment at 5.
    expect(tree.selectClusters(1).map((c) => c.sort())).toEqual([['a1', 'a2', 'a3', 'x', 'y']]);
  });

  it('finds nothing when no component reaches the minimum size', () => {
    const tree = build(3, [['a', 'b', 5], ['c', 'd', 5]]);
    expect(tree.selectClusters(1)).toEqual([]);
  });

  it('selects each separate tree on its own', () => {
    const tree = build(2, [['a', 'b', 5], ['c', 'd', 4]]);
    expect(tree.selectClusters(1).map((c) => c.sort())).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});
