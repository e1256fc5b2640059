import { describe, expect, it } from 'vitest';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { l2Normalize } from '../../src/domain/vector.js';

const v = (...xs: number[]) => l2Normalize(Float32Array.from(xs));

describe('bruteForceNeighbours', () => {
  const faces = [
    { id: 'c', embedding: v(0, 1) },
    { id: 'a', embedding: v(1, 0) },
    { id: 'b', embedding: v(1, 1) },
    { id: 'd', embedding: v(-1, 0) },
  ];

  it('returns the k nearest, the face itself first, with cosine distances', async () => {
    const near = await bruteForceNeighbours(faces)('a', 3);
    expect(near.map((n) => n.faceId)).toEqual(['a', 'b', 'c']);
    expect(near[0]!.distance).toBeCloseTo(0, 6);
    expect(near[1]!.distance).toBeCloseTo(1 - Math.SQRT1_2, 6);
    expect(near[2]!.distance).toBeCloseTo(1, 6);
  });

  it('breaks distance ties by id whatever the input order', async () => {
    const reversed = bruteForceNeighbours([...faces].reverse());
    // a and c are equally far from b.
    expect((await reversed('b', 3)).map((n) => n.faceId)).toEqual(['b', 'a', 'c']);
  });

  it('returns everything when k exceeds the library, and nothing for k = 0', async () => {
    const near = bruteForceNeighbours(faces);
    expect(await near('d', 10)).toHaveLength(4);
    expect(await near('d', 0)).toEqual([]);
  });

  it('refuses a face it does not know', () => {
    expect(() => bruteForceNeighbours(faces)('zz', 2)).toThrow(/unknown face zz/);
  });
});
