import { describe, expect, it } from 'vitest';
import { ConstrainedComponents } from '../../src/clustering/constrained-components.js';
import { ConstraintIndex } from '../../src/clustering/constraint-index.js';

const face = (faceId: string, photoId: string, formerPerson: string | null = null) => ({ faceId, photoId, formerPerson });

describe('ConstrainedComponents', () => {
  it('joins faces of different photos, transitively', () => {
    const c = new ConstrainedComponents([face('a', '1'), face('b', '2'), face('c', '3')], new ConstraintIndex([]));
    expect(c.union('a', 'b')).toBe(true);
    expect(c.union('b', 'c')).toBe(true);
    expect(c.sameComponent('a', 'c')).toBe(true);
    expect(c.members('c')).toHaveLength(3);
    expect(c.groups()).toEqual([['a', 'b', 'c']]);
  });

  it('refuses a union that would put two faces of one photo together, however indirect', () => {
    const c = new ConstrainedComponents([face('a', '1'), face('b', '2'), face('c', '1')], new ConstraintIndex([]));
    expect(c.union('a', 'b')).toBe(true);
    expect(c.canUnion('b', 'c')).toBe(false);
    expect(c.union('b', 'c')).toBe(false);
    expect(c.groups()).toEqual([['a', 'b'], ['c']]);
  });

  it('refuses a union of faces from two people the user declared different', () => {
    const c = new ConstrainedComponents(
      [face('a', '1', 'p1'), face('b', '2', null), face('c', '3', 'p2')],
      new ConstraintIndex([{ kind: 'different-people', personA: 'p1', personB: 'p2' }]),
    );
    expect(c.union('a', 'b')).toBe(true);
    expect(c.union('c', 'b')).toBe(false);
    expect(c.members('a')).toEqual(['a', 'b']);
  });
});
