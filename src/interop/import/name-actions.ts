import type { StoredPerson } from '../../catalog/catalog.js';
import { sameName, type FaceNaming } from './plan-import.js';

/**
 * How one name reaches its faces, as a user naming them would do it:
 * - 'reuse': a person already has the name: the faces are moved to them.
 * - 'name': the faces sit in one unnamed person no other imported name touches: that person gets the name, so it
 *   spreads to the person's other faces exactly as when the user names the person, and the faces are confirmed.
 * - 'create': a new person of that name holding the faces.
 */
export type NameAction =
  | { kind: 'reuse'; name: string; personId: string; faceIds: string[] }
  | { kind: 'name'; name: string; personId: string; faceIds: string[] }
  | { kind: 'create'; name: string; faceIds: string[] };

export function nameActions(namings: readonly FaceNaming[], people: readonly StoredPerson[]): NameAction[] {
  const byName = new Map<string, FaceNaming[]>();
  for (const naming of namings) {
    const key = [...byName.keys()].find((k) => sameName(k, naming.name)) ?? naming.name;
    byName.set(key, [...(byName.get(key) ?? []), naming]);
  }
  const unnamed = new Set(people.filter((p) => p.name === null).map((p) => p.id));
  const claimedBy = new Map<string, Set<string>>();
  for (const [name, list] of byName) {
    for (const { face } of list) {
      if (face.personId !== null && unnamed.has(face.personId)) claimedBy.set(face.personId, (claimedBy.get(face.personId) ?? new Set()).add(name));
    }
  }

  const actions: NameAction[] = [];
  for (const [name, list] of byName) {
    const faceIds = list.map((n) => n.face.id);
    const holder = people.find((p) => p.name !== null && sameName(p.name, name));
    if (holder) {
      actions.push({ kind: 'reuse', name, personId: holder.id, faceIds });
      continue;
    }
    const carrier = mostFacesIn(list.map((n) => n.face.personId).filter((id): id is string => id !== null && claimedBy.get(id)?.size === 1));
    if (carrier !== null) actions.push({ kind: 'name', name, personId: carrier, faceIds });
    else actions.push({ kind: 'create', name, faceIds });
  }
  return actions;
}

/** The id that occurs most often (the smallest such id on a tie, so the outcome does not depend on order). */
function mostFacesIn(personIds: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const id of personIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: string | null = null;
  for (const [id, count] of counts) {
    const bestCount = best === null ? 0 : counts.get(best)!;
    if (count > bestCount || (count === bestCount && best !== null && id < best)) best = id;
  }
  return best;
}
