import { describe, expect, it } from 'vitest';
import { exactKnn } from '../../../src/models/knn/exact-knn.js';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function unitRows(rows: number, dims: number, random: () => number): Float32Array {
  const m = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let c = 0; c < dims; c++) norm += (m[r * dims + c] = random()) ** 2;
    for (let c = 0; c < dims; c++) m[r * dims + c]! /= Math.sqrt(norm);
  }
  return m;
}

describe('exactKnn', () => {
  it('returns the same neighbours as a brute-force scan, in chunks', async () => {
    const dims = 64, random = seededRandom(7);
    const database = unitRows(700, dims, random);
    const queries = unitRows(45, dims, random);
    const result = await exactKnn(queries, database, dims, 5, 16);
    for (let q = 0; q < 45; q++) {
      const sims = Array.from({ length: 700 }, (_, r) => {
        let s = 0;
        for (let c = 0; c < dims; c++) s += queries[q * dims + c]! * database[r * dims + c]!;
        return { r, s };
      }).sort((a, b) => b.s - a.s);
      expect(Array.from(result.indices.subarray(q * 5, q * 5 + 5))).toEqual(sims.slice(0, 5).map((x) => x.r));
      expect(result.similarities[q * 5]).toBeCloseTo(sims[0]!.s, 5);
    }
  });

  it('caps k at the database size', async () => {
    const random = seededRandom(1);
    const result = await exactKnn(unitRows(3, 8, random), unitRows(2, 8, random), 8, 10);
    expect(result.k).toBe(2);
    expect(result.indices.length).toBe(6);
  });
});
