import { describe, expect, it } from 'vitest';
import { ConstraintIndex } from '../../src/clustering/constraint-index.js';

describe('ConstraintIndex', () => {
  const index = new ConstraintIndex([
    { kind: 'not-person', faceId: 'f1', personId: 'p1' },
    { kind: 'different-people', personA: 'p2', personB: 'p3' },
  ]);

  it('answers not-person for that face and person only', () => {
    expect(index.forbids('f1', 'p1')).toBe(true);
    expect(index.forbids('f1', 'p2')).toBe(false);
    expect(index.forbids('f2', 'p1')).toBe(false);
  });

  it('treats different-people both ways', () => {
    expect(index.areDifferent('p2', 'p3')).toBe(true);
    expect(index.areDifferent('p3', 'p2')).toBe(true);
    expect(index.areDifferent('p1', 'p2')).toBe(false);
    expect(index.anyDifferent(new Set(['p1', 'p3']), new Set(['p2']))).toBe(true);
    expect(index.anyDifferent(new Set(['p1']), new Set(['p2', 'p3']))).toBe(false);
  });

  it('knows which people a decision mentions', () => {
    expect(['p1', 'p2', 'p3', 'p4'].map((p) => index.mentions(p))).toEqual([true, true, true, false]);
  });
});
