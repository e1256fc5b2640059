import { describe, expect, it } from 'vitest';
import { chunkPaths } from '../../src/eval/chunked-replay.js';

describe('chunkPaths', () => {
  const paths = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('deals every n-th photo to a run when interleaved', () => {
    expect(chunkPaths(paths, 3, 'interleaved')).toEqual([['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]);
  });

  it('cuts consecutive slices when contiguous', () => {
    expect(chunkPaths(paths, 3, 'contiguous')).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('refuses a chunk count that is not a whole number >= 1', () => {
    expect(() => chunkPaths(paths, 0, 'interleaved')).toThrow(/whole number >= 1/);
  });
});
