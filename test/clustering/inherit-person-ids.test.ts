import { describe, expect, it } from 'vitest';
import { inheritPersonIds, type FormerPeople } from '../../src/clustering/inherit-person-ids.js';

/** Former people from a face -> person map; sizes count the faces listed. */
function former(map: Record<string, string>): FormerPeople {
  const sizes = new Map<string, number>();
  for (const p of Object.values(map)) sizes.set(p, (sizes.get(p) ?? 0) + 1);
  return { personOf: (f) => map[f] ?? null, size: (p) => sizes.get(p) ?? 0 };
}

describe('inheritPersonIds', () => {
  it('gives a group the id of the person most of its faces came from', () => {
    const inherited = inheritPersonIds(
      [['a', 'b', 'c'], ['d', 'e', 'f']],
      former({ a: 'p1', b: 'p1', d: 'p2', x: 'p2', y: 'p2' }),
      0.5,
    );
    // Two of three came from p1; d is one of three in its group and one of p2's three faces: neither is "mostly".
    expect([...inherited]).toEqual([[0, 'p1']]);
  });

  it('needs more than the overlap share, not just as much', () => {
    expect(inheritPersonIds([['a', 'b', 'c', 'd']], former({ a: 'p1', b: 'p1', x: 'p1', y: 'p1' }), 0.5).size).toBe(0);
  });

  it('lets a person who grew keep its id: most of its faces are in the group', () => {
    // p1 had 3 faces, all in a group that gained 5 new ones.
    const inherited = inheritPersonIds([['a', 'b', 'c', 'n1', 'n2', 'n3', 'n4', 'n5']], former({ a: 'p1', b: 'p1', c: 'p1' }), 0.5);
    expect([...inherited]).toEqual([[0, 'p1']]);
  });

  it("gives a split person's id to the group holding most of its faces, once", () => {
    const inherited = inheritPersonIds([['a', 'b'], ['c', 'd', 'e']], former({ a: 'p1', b: 'p1', c: 'p1', d: 'p1', e: 'p1' }), 0.5);
    expect([...inherited]).toEqual([[1, 'p1']]);
  });

  it("when two people merged, the group keeps the id of the one it holds most of", () => {
    const inherited = inheritPersonIds(
      [['a', 'b', 'c', 'd', 'e']],
      former({ a: 'p1', b: 'p1', c: 'p2', d: 'p2', e: 'p2' }),
      0.5,
    );
    expect([...inherited]).toEqual([[0, 'p2']]);
  });

  it("breaks equal overlaps by the groups' first face, so the result never depends on order", () => {
    const groups = [['m', 'n'], ['a', 'b']];
    const inherited = inheritPersonIds(groups, former({ m: 'p1', n: 'p1', a: 'p1', b: 'p1' }), 0.5);
    expect([...inherited]).toEqual([[1, 'p1']]);
  });

  it('leaves groups of faces without a former person new', () => {
    expect(inheritPersonIds([['a', 'b', 'c']], former({}), 0.5).size).toBe(0);
  });
});
