import { describe, expect, it } from 'vitest';
import { batchNeighbours } from '../../src/clustering/batch-neighbours.js';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { makeLibrary } from './synthetic.js';

describe('batchNeighbours', () => {
  const faces = makeLibrary({ seed: 5, identitySizes: [6, 6, 6], singletons: 4 });
  const all = new Map(faces.map((f) => [f.id, f.embedding]));
  const exact = bruteForceNeighbours(faces);
  const queries = new Map(faces.slice(0, 5).map((f) => [f.id, f.embedding]));
  const ids = (list: readonly { faceId: string }[]) => list.map((n) => n.faceId);

  it('serves the query faces the exact lists, without the fallback', async () => {
    const neighbours = await batchNeighbours(queries, all, 6, () => {
      throw new Error('fallback used');
    });
    for (const id of queries.keys()) expect(ids(await neighbours(id, 6))).toEqual(ids(await exact(id, 6)));
  });

  it('computes prefetched database faces in one batch, so they need no fallback; other faces still go to it', async () => {
    const fallback: string[] = [];
    const neighbours = await batchNeighbours(queries, all, 6, (faceId, k) => {
      fallback.push(faceId);
      return exact(faceId, k);
    });
    const placed = faces.slice(5, 9).map((f) => f.id);
    await neighbours.prefetch!([...placed, 'not-in-database'], 6);
    for (const id of placed) expect(ids(await neighbours(id, 6))).toEqual(ids(await exact(id, 6)));
    expect(fallback).toEqual([]);
    await neighbours(faces[10]!.id, 6);
    expect(fallback).toEqual([faces[10]!.id]);
  });

  it('leaves a request longer than it computes to the fallback, prefetched or not', async () => {
    const fallback: string[] = [];
    const neighbours = await batchNeighbours(queries, all, 3, (faceId, k) => {
      fallback.push(faceId);
      return exact(faceId, k);
    });
    const face = faces[6]!.id;
    await neighbours.prefetch!([face], 6);
    expect(ids(await neighbours(face, 6))).toEqual(ids(await exact(face, 6)));
    expect(fallback).toEqual([face]);
  });
});
