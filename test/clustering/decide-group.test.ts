import { describe, expect, it } from 'vitest';
import { decideGroup } from '../../src/clustering/decide-group.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import type { Constraint } from '../../src/catalog/catalog.js';
import { ownPhotos, stateFixture } from './state-fixture.js';

const group = ['g1', 'g2', 'g3'];
const people = { a1: 'A', a2: 'A', a3: 'A', b1: 'B', b2: 'B', b3: 'B' };

/** Similarities of the group among itself, to A's and to B's faces (every pair alike). */
function world(within: number, toA: number, toB = 0) {
  const similarities: Record<string, number> = { 'g1-g2': within, 'g1-g3': within, 'g2-g3': within };
  for (const g of group) {
    for (const p of ['1', '2', '3']) {
      similarities[`${g}-a${p}`] = toA;
      similarities[`${g}-b${p}`] = toB;
    }
  }
  return similarities;
}

async function decide(similarities: Record<string, number>, options: { former?: Record<string, string>; constraints?: Constraint[] } = {}) {
  const { state, graph } = await stateFixture({
    photos: ownPhotos(...group, ...Object.keys(people)),
    people,
    similarities,
    constraints: options.constraints,
  });
  return decideGroup(group, {
    graph,
    state,
    formerPerson: (f) => options.former?.[f] ?? null,
    thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
  });
}

describe('decideGroup', () => {
  it('joins a group of new photos of a known person to that person', async () => {
    expect(await decide(world(0.6, 0.62))).toEqual({ kind: 'person', personId: 'A' });
  });

  it('makes a stranger group a new person', async () => {
    expect(await decide(world(0.6, 0.1))).toEqual({ kind: 'new' });
  });

  it('makes a look-alike a new person: closer to each other than to the known person by the new-person margin', async () => {
    // 0.45 to A would let each face join A on its own (>= 0.35), but the group is 0.25 tighter.
    expect(await decide(world(0.7, 0.45))).toEqual({ kind: 'new' });
  });

  it('leaves a group between two known people to the user', async () => {
    expect(await decide(world(0.6, 0.6, 0.58))).toEqual({ kind: 'ambiguous' });
  });

  it('does not join a group to a person the user declared different from where its faces came from', async () => {
    const decision = await decide(world(0.6, 0.62), {
      former: { g1: 'Q', g2: 'Q' },
      constraints: [{ kind: 'different-people', personA: 'A', personB: 'Q' }],
    });
    expect(decision).toEqual({ kind: 'ambiguous' });
  });
});
