import type { Constraint } from '../catalog/catalog.js';

/** The user's standing decisions, indexed for the questions clustering asks. */
export class ConstraintIndex {
  private readonly notPerson = new Map<string, Set<string>>();
  private readonly different = new Map<string, Set<string>>();

  constructor(constraints: readonly Constraint[]) {
    for (const c of constraints) {
      if (c.kind === 'not-person') addTo(this.notPerson, c.faceId, c.personId);
      else {
        addTo(this.different, c.personA, c.personB);
        addTo(this.different, c.personB, c.personA);
      }
    }
  }

  /** The user said this face is not this person. */
  forbids(faceId: string, personId: string): boolean {
    return this.notPerson.get(faceId)?.has(personId) ?? false;
  }

  /** The user said these two people are different people. */
  areDifferent(personA: string, personB: string): boolean {
    return this.different.get(personA)?.has(personB) ?? false;
  }

  /** True when some person of one set was declared different from some person of the other. */
  anyDifferent(peopleA: ReadonlySet<string>, peopleB: ReadonlySet<string>): boolean {
    const [small, large] = peopleA.size <= peopleB.size ? [peopleA, peopleB] : [peopleB, peopleA];
    for (const a of small) {
      for (const b of this.different.get(a) ?? []) if (large.has(b)) return true;
    }
    return false;
  }

  /** People a constraint refers to: deleting them would lose a user decision. */
  mentions(personId: string): boolean {
    if (this.different.has(personId)) return true;
    for (const people of this.notPerson.values()) if (people.has(personId)) return true;
    return false;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
