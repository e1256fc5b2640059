import { describe, expect, it } from 'vitest';
import { NeighbourGraph } from '../../src/clustering/neighbour-graph.js';

describe('NeighbourGraph', () => {
  it('keeps known faces only, never the face itself or a duplicate, most similar first', async () => {
    const graph = await NeighbourGraph.load(
      async () => [
        { faceId: 'a', distance: 0 },
        { faceId: 'stranger', distance: 0.1 },
        { faceId: 'c', distance: 0.3 },
        { faceId: 'b', distance: 0.3 },
        { faceId: 'c', distance: 0.3 },
      ],
      new Set(['a', 'b', 'c']),
      ['a'],
      5,
    );
    expect(graph.of('a')).toEqual([
      { faceId: 'b', similarity: 0.7 },
      { faceId: 'c', similarity: 0.7 },
    ]);
  });

  it('asks for one more than k, since the index returns the face itself, and keeps k', async () => {
    const asked: number[] = [];
    const graph = await NeighbourGraph.load(
      (faceId, k) => {
        asked.push(k);
        return ['a', 'b', 'c', 'd'].map((id, i) => ({ faceId: id, distance: id === faceId ? 0 : 0.1 * (i + 1) }));
      },
      new Set(['a', 'b', 'c', 'd']),
      ['b'],
      2,
    );
    expect(asked).toEqual([3]);
    expect(graph.of('b').map((n) => n.faceId)).toEqual(['a', 'c']);
  });

  it('asks faces that need a longer list for it in their one query: `of` still gives k, `deep` the whole list', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const asked: [string, number][] = [];
    const graph = await NeighbourGraph.load(
      (faceId, k) => {
        asked.push([faceId, k]);
        return ids.map((id, i) => ({ faceId: id, distance: id === faceId ? 0 : 0.1 * (i + 1) })).slice(0, k);
      },
      new Set(ids),
      ['a', 'b'],
      2,
      { faceIds: new Set(['a']), k: 3 },
    );
    expect(asked.sort()).toEqual([['a', 4], ['b', 3]]);
    expect(graph.of('a').map((n) => n.faceId)).toEqual(['b', 'c']);
    expect(graph.deep('a').map((n) => n.faceId)).toEqual(['b', 'c', 'd']);
    expect(graph.deep('b')).toEqual(graph.of('b'));
  });

  it('queries each face once and knows nothing of faces it was not asked about', async () => {
    const queried: string[] = [];
    const graph = await NeighbourGraph.load(
      (faceId) => {
        queried.push(faceId);
        return [];
      },
      new Set(['x', 'y', 'z']),
      ['z', 'x'],
      3,
    );
    expect(queried.sort()).toEqual(['x', 'z']);
    expect(graph.of('y')).toEqual([]);
  });

  it('adds lists for faces not queried yet, keeps the lists it has, and offers the new ones to prefetch in one batch', async () => {
    const queried: string[] = [];
    const prefetched: [string[], number][] = [];
    const neighbours = Object.assign(
      (faceId: string) => {
        queried.push(faceId);
        return [{ faceId: faceId === 'x' ? 'y' : 'x', distance: 0.2 }];
      },
      { prefetch: async (faceIds: readonly string[], k: number) => void prefetched.push([[...faceIds], k]) },
    );
    const graph = await NeighbourGraph.load(neighbours, new Set(['x', 'y', 'z']), ['x'], 3);
    await graph.add(neighbours, ['z', 'x', 'y', 'z'], 3);
    expect(queried).toEqual(['x', 'y', 'z']);
    expect(prefetched).toEqual([
      [['x'], 4],
      [['y', 'z'], 4],
    ]);
    expect(graph.of('y')).toEqual([{ faceId: 'x', similarity: 0.8 }]);
  });
});
