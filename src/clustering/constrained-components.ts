import type { ConstraintIndex } from './constraint-index.js';
import { compareIds } from './compare-ids.js';

interface Component {
  members: string[];
  photos: Set<string>;
  /** People the members belonged to before a re-cluster; groups of people the user called different never meet. */
  formerPeople: Set<string>;
}

/**
 * Union-find over faces that refuses any union putting two faces of one photo, or faces of two people
 * the user declared different, into one group (cannot-link constraints).
 */
export class ConstrainedComponents {
  private readonly parent = new Map<string, string>();
  private readonly components = new Map<string, Component>();

  constructor(
    faces: Iterable<{ faceId: string; photoId: string; formerPerson: string | null }>,
    private readonly constraints: ConstraintIndex,
  ) {
    for (const f of faces) {
      this.parent.set(f.faceId, f.faceId);
      this.components.set(f.faceId, {
        members: [f.faceId],
        photos: new Set([f.photoId]),
        formerPeople: new Set(f.formerPerson === null ? [] : [f.formerPerson]),
      });
    }
  }

  root(faceId: string): string {
    let r = faceId;
    for (let p = this.parent.get(r); p !== undefined && p !== r; p = this.parent.get(r)) r = p;
    // Path compression keeps later look-ups near constant.
    for (let f = faceId; f !== r; ) {
      const p = this.parent.get(f)!;
      this.parent.set(f, r);
      f = p;
    }
    return r;
  }

  sameComponent(a: string, b: string): boolean {
    return this.root(a) === this.root(b);
  }

  /** The faces grouped with this one, in joining order; the array grows when the group absorbs another. */
  members(faceId: string): readonly string[] {
    return this.components.get(this.root(faceId))!.members;
  }

  /** False when joining the groups of a and b would break a constraint. */
  canUnion(a: string, b: string): boolean {
    const ca = this.components.get(this.root(a))!;
    const cb = this.components.get(this.root(b))!;
    return ca === cb || (areDisjoint(ca.photos, cb.photos) && !this.constraints.anyDifferent(ca.formerPeople, cb.formerPeople));
  }

  /** Joins the groups of a and b unless a constraint forbids it; true when they end up together. */
  union(a: string, b: string): boolean {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra === rb) return true;
    if (!this.canUnion(a, b)) return false;
    const ca = this.components.get(ra)!;
    const cb = this.components.get(rb)!;
    const [into, from, intoRoot, fromRoot] = ca.members.length >= cb.members.length ? [ca, cb, ra, rb] : [cb, ca, rb, ra];
    this.parent.set(fromRoot, intoRoot);
    into.members.push(...from.members);
    for (const p of from.photos) into.photos.add(p);
    for (const p of from.formerPeople) into.formerPeople.add(p);
    this.components.delete(fromRoot);
    return true;
  }

  /** Every group, members sorted, groups ordered by their first member. */
  groups(): string[][] {
    return [...this.components.values()]
      .map((c) => [...c.members].sort(compareIds))
      .sort((x, y) => compareIds(x[0]!, y[0]!));
  }
}

function areDisjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return false;
  return true;
}
