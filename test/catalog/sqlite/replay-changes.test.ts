import { describe, expect, it } from 'vitest';
import type { ApproximateIndex } from '../../../src/catalog/ann/approximate-index.js';
import type { FollowedIndex } from '../../../src/catalog/sqlite/approximate-neighbours.js';
import { replayChanges } from '../../../src/catalog/sqlite/replay-changes.js';

/** An exact stand-in for the index: what it holds is all these tests look at; it refuses duplicate keys, as usearch does. */
function mapIndex(): ApproximateIndex & { vectors: Map<number, number[]> } {
  const vectors = new Map<number, number[]>();
  return {
    vectors,
    dimensions: 2,
    size: () => vectors.size,
    contains: (key) => vectors.has(key),
    add(keys, flat) {
      keys.forEach((key, i) => {
        if (vectors.has(key)) throw new Error(`duplicate key ${key}`);
        vectors.set(key, Array.from(flat.subarray(i * 2, i * 2 + 2)));
      });
    },
    keepReachable: () => 0,
    unreachable: () => [],
    keepApart: () => {},
    remove: (keys) => keys.forEach((key) => vectors.delete(key)),
    search: () => ({ keys: [], distances: [] }),
    save: () => {},
  };
}

const add = (seq: number, num: number) => ({ seq, num, added: true });
const remove = (seq: number, num: number) => ({ seq, num, added: false });

describe('replaying face changes into an index', () => {
  // Face 2 is deleted and its num reused by a new face; face 3 comes and goes; face 1 stays.
  const changes = [add(1, 1), add(2, 2), add(3, 3), remove(4, 2), add(5, 2), remove(6, 3)];
  const catalogNow = new Map([
    [1, Float32Array.from([1, 0])],
    [2, Float32Array.from([0, 1])],
  ]);

  function replayed(from: FollowedIndex['index'], list: typeof changes) {
    const followed: FollowedIndex = { index: from, appliedSeq: 0, keySum: [...(from as ReturnType<typeof mapIndex>).vectors.keys()].reduce((a, b) => a + b, 0), unsaved: 0 };
    replayChanges(followed, list, (num) => catalogNow.get(num));
    return followed;
  }

  it('ends in the catalog state, with the current vector under a reused key', () => {
    const index = mapIndex();
    const followed = replayed(index, changes);
    expect([...index.vectors.entries()].sort()).toEqual([
      [1, [1, 0]],
      [2, [0, 1]],
    ]);
    expect(followed.keySum).toBe(3);
    expect(followed.unsaved).toBe(changes.length);
  });

  it('ends in the same state when replayed over an index that already holds some of the changes', () => {
    const index = mapIndex();
    replayed(index, changes.slice(0, 3));
    const followed = replayed(index, changes);
    expect([...index.vectors.keys()].sort()).toEqual([1, 2]);
    expect(followed.keySum).toBe(3);
  });
});
