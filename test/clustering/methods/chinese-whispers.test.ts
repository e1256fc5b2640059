import { describe, expect, it } from 'vitest';
import { chineseWhispers, chineseWhispersMethod } from '../../../src/clustering/methods/chinese-whispers.js';
import type { FaceGraph, GraphNode } from '../../../src/clustering/methods/community-graph.js';
import { describeGraphMethodContract } from './graph-method-contract.js';

function graph(nodes: GraphNode[], edges: [number, number, number][]): FaceGraph {
  const adjacency = nodes.map(() => new Map<number, number>());
  for (const [a, b, w] of edges) (adjacency[a]!.set(b, w), adjacency[b]!.set(a, w));
  return { nodes, adjacency };
}
const faces = (n: number): GraphNode[] => Array.from({ length: n }, (_, i) => ({ kind: 'face', faceId: `f${i}` }));

describe('chineseWhispers', () => {
  it('finds the two triangles of a graph without mixing them', () => {
    const g = graph(faces(6), [[0, 1, 0.8], [1, 2, 0.8], [0, 2, 0.8], [3, 4, 0.8], [4, 5, 0.8], [3, 5, 0.8]]);
    const labels = chineseWhispers(g);
    expect(new Set(labels.slice(0, 3)).size).toBe(1);
    expect(new Set(labels.slice(3)).size).toBe(1);
    expect(labels[0]).not.toBe(labels[3]);
  });

  it('follows the heavier side: a face between two groups takes the label it is most strongly tied to', () => {
    // Face 6 has one strong edge into the first triangle and two weak ones into the second.
    const g = graph(faces(7), [
      [0, 1, 0.8], [1, 2, 0.8], [0, 2, 0.8], [3, 4, 0.8], [4, 5, 0.8], [3, 5, 0.8],
      [6, 0, 0.9], [6, 3, 0.41], [6, 4, 0.41],
    ]);
    const labels = chineseWhispers(g);
    expect(labels[6]).toBe(labels[0]);
    expect(labels[6]).not.toBe(labels[3]);
  });

  it('never relabels a known person: people are anchors', () => {
    const nodes: GraphNode[] = [...faces(3), { kind: 'person', personId: 'p1' }, { kind: 'person', personId: 'p2' }];
    const g = graph(nodes, [[0, 3, 2.4], [1, 3, 2.0], [2, 4, 1.5], [3, 4, 0.5]]);
    const labels = chineseWhispers(g);
    expect(labels.slice(3)).toEqual([3, 4]);
    expect(labels.slice(0, 3)).toEqual([3, 3, 4]);
  });
});

describeGraphMethodContract(chineseWhispersMethod);
