import { describe, expect, it } from 'vitest';
import type { FaceGraph } from '../../../src/clustering/methods/community-graph.js';
import { louvainCommunities, louvainMethod } from '../../../src/clustering/methods/louvain.js';
import { describeGraphMethodContract } from './graph-method-contract.js';

/** Two 5-cliques of weight 0.8 joined by one edge of weight 0.45: one connected component, two communities. */
function bridgedCliques(): FaceGraph {
  const nodes = Array.from({ length: 10 }, (_, i) => ({ kind: 'face' as const, faceId: `f${i}` }));
  const adjacency = nodes.map(() => new Map<number, number>());
  const link = (a: number, b: number, w: number) => (adjacency[a]!.set(b, w), adjacency[b]!.set(a, w));
  for (const base of [0, 5]) for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) link(base + i, base + j, 0.8);
  link(4, 5, 0.45);
  return { nodes, adjacency };
}

describe('louvainCommunities', () => {
  it('cuts a connected graph at its weak bridge', () => {
    const labels = louvainCommunities(bridgedCliques(), 1);
    expect(new Set(labels.slice(0, 5)).size).toBe(1);
    expect(new Set(labels.slice(5)).size).toBe(1);
    expect(labels[0]).not.toBe(labels[5]);
  });

  it('at a very low resolution puts the whole component into one community', () => {
    expect(new Set(louvainCommunities(bridgedCliques(), 0.01)).size).toBe(1);
  });

  it('leaves every node alone in a graph without edges', () => {
    const nodes = [{ kind: 'face' as const, faceId: 'a' }, { kind: 'face' as const, faceId: 'b' }];
    expect(louvainCommunities({ nodes, adjacency: [new Map(), new Map()] }, 1)).toEqual([0, 1]);
  });
});

describeGraphMethodContract(louvainMethod);
