import { describe, expect, it } from 'vitest';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { streamedNeighbours, type EmbeddingBlock } from '../../src/clustering/streamed-neighbours.js';
import { makeLibrary } from './synthetic.js';

const faces = makeLibrary({ seed: 7, identitySizes: [6, 5, 4, 3], singletons: 20 });
const byId = new Map(faces.map((f) => [f.id, f.embedding]));
const exact = bruteForceNeighbours(faces);
const ids = faces.map((f) => f.id);
const DIMS = faces[0]!.embedding.length;

/** The faces' embeddings in blocks of `size`. */
async function* blocksOf(of: readonly string[], size: number): AsyncIterable<EmbeddingBlock> {
  for (let start = 0; start < of.length; start += size) {
    const faceIds = of.slice(start, start + size);
    const embeddings = new Float32Array(faceIds.length * DIMS);
    faceIds.forEach((id, i) => embeddings.set(byId.get(id)!, i * DIMS));
    yield { faceIds, embeddings, dimensions: DIMS };
  }
}

describe('streamedNeighbours', () => {
  it('finds the exact k nearest with query and library blocks far smaller than the library', async () => {
    const queries = ids.filter((_, i) => i % 3 === 0);
    const lists = await streamedNeighbours(blocksOf(queries, 4), () => blocksOf(ids, 7), 6);
    for (const q of queries) {
      const got = lists.get(q)!;
      const want = exact(q, 6) as { faceId: string; distance: number }[];
      expect(got.map((n) => n.faceId)).toEqual(want.map((n) => n.faceId));
      got.forEach((n, i) => expect(n.distance).toBeCloseTo(want[i]!.distance, 5));
    }
    expect(lists.complete).toBe(false);
  });

  it('gives the same lists whatever the block sizes', async () => {
    const small = await streamedNeighbours(blocksOf(ids, 2), () => blocksOf(ids, 3), 5);
    const whole = await streamedNeighbours(blocksOf(ids, 1000), () => blocksOf(ids, 1000), 5);
    for (const q of ids) expect(small.get(q)!.map((n) => n.faceId)).toEqual(whole.get(q)!.map((n) => n.faceId));
  });

  it('returns shorter lists than k when the library is smaller, and says they are complete', async () => {
    const library = ids.slice(0, 4);
    const lists = await streamedNeighbours(blocksOf([ids[0]!], 1), () => blocksOf(library, 2), 10);
    expect(lists.get(ids[0]!)!.map((n) => n.faceId).sort()).toEqual([...library].sort());
    expect(lists.get(ids[0]!)![0]!.faceId).toBe(ids[0]);
    expect(lists.get(ids[0]!, 2)).toHaveLength(2);
    expect(lists.get('never-asked')).toBeUndefined();
    expect(lists.complete).toBe(true);
  });
});
