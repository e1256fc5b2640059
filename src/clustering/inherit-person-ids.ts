import { compareIds } from './compare-ids.js';

export interface FormerPeople {
  /** The person a face belonged to before this run, if any. */
  personOf(faceId: string): string | null;
  /** How many of the faces being re-clustered belonged to this person. */
  size(personId: string): number;
}

/**
 * Which new groups are really an old person, so that re-clustering keeps ids (and with them names,
 * hidden flags and the user's constraints). A group continues a person when more than `minOverlap`
 * of the group came from that person, or more than `minOverlap` of that person's faces are in the
 * group (a person who grew with new photos). Largest overlaps are matched first and each person and
 * each group is matched at most once, so when a person split, the group holding most of it keeps the id.
 * Returns group index -> person id; groups not in the map are new people.
 */
export function inheritPersonIds(
  groups: readonly (readonly string[])[],
  former: FormerPeople,
  minOverlap: number,
): Map<number, string> {
  const claims: { group: number; personId: string; overlap: number }[] = [];
  groups.forEach((faces, group) => {
    const counts = new Map<string, number>();
    for (const f of faces) {
      const p = former.personOf(f);
      if (p !== null) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    for (const [personId, overlap] of counts) {
      if (overlap > minOverlap * Math.min(faces.length, former.size(personId))) claims.push({ group, personId, overlap });
    }
  });
  claims.sort(
    (a, b) =>
      b.overlap - a.overlap || compareIds(groups[a.group]![0]!, groups[b.group]![0]!) || compareIds(a.personId, b.personId),
  );
  const inherited = new Map<number, string>();
  const taken = new Set<string>();
  for (const c of claims) {
    if (inherited.has(c.group) || taken.has(c.personId)) continue;
    inherited.set(c.group, c.personId);
    taken.add(c.personId);
  }
  return inherited;
}
