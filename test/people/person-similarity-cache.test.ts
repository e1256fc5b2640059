import { describe, expect, it } from 'vitest';
import { cachedSimilarities } from '../../src/people/person-similarity-cache.js';

/** A computation that counts its calls and answers a similarity per face id. */
function counted(ids: readonly string[]) {
  const calls = { count: 0 };
  const compute = async () => {
    calls.count++;
    return new Map(ids.map((id, i) => [id, i / 10]));
  };
  return { calls, compute };
}

describe('cachedSimilarities', () => {
  it('computes once while the person holds the same faces, in whatever order they are listed', async () => {
    const owner = {};
    const { calls, compute } = counted(['a', 'b', 'c']);
    const first = await cachedSimilarities(owner, 'p1', ['a', 'b', 'c'], compute);
    const again = await cachedSimilarities(owner, 'p1', ['c', 'a', 'b'], compute);
    expect(calls.count).toBe(1);
    expect(again).toBe(first);
    expect(again.get('b')).toBe(0.1);
  });

  it('computes again when a face joins or leaves the person', async () => {
    const owner = {};
    const { calls, compute } = counted(['a', 'b', 'c']);
    await cachedSimilarities(owner, 'p1', ['a', 'b'], compute);
    await cachedSimilarities(owner, 'p1', ['a', 'b', 'c'], compute);
    await cachedSimilarities(owner, 'p1', ['a', 'c'], compute);
    expect(calls.count).toBe(3);
  });

  it('keeps each open catalog apart, and each person apart', async () => {
    const { calls, compute } = counted(['a']);
    const one = {};
    const other = {};
    await cachedSimilarities(one, 'p1', ['a'], compute);
    await cachedSimilarities(other, 'p1', ['a'], compute);
    await cachedSimilarities(one, 'p2', ['a'], compute);
    await cachedSimilarities(one, 'p1', ['a'], compute);
    expect(calls.count).toBe(3);
  });

  it('forgets the least recently viewed people beyond 32, and keeps the ones viewed since', async () => {
    const owner = {};
    const { calls, compute } = counted(['a']);
    for (let i = 0; i < 32; i++) await cachedSimilarities(owner, `p${i}`, ['a'], compute);
    await cachedSimilarities(owner, 'p0', ['a'], compute); // p0 viewed again: p1 is now the oldest
    await cachedSimilarities(owner, 'p32', ['a'], compute);
    expect(calls.count).toBe(33);
    await cachedSimilarities(owner, 'p0', ['a'], compute);
    expect(calls.count).toBe(33);
    await cachedSimilarities(owner, 'p1', ['a'], compute);
    expect(calls.count).toBe(34);
  });
});
