import type { Catalog, FaceAssignment, StoredFace } from '../catalog/catalog.js';
import { intersectionOverUnion } from '../domain/geometry.js';
import { groupBy } from '../domain/group-by.js';
import type { CarriedFace, PackSwitchPlan } from './pack-switch-plan.js';

/** A new face takes an old face's decision only when their boxes overlap this much: the same face, found again. */
export const CARRY_MIN_IOU = 0.5;

export interface CarryOutcome {
  carried: number;
  /** Old faces whose decision found no new face of the same box (the new detector missed it, or boxed it apart). */
  lost: CarriedFace[];
}

/**
 * Matches each photo's carried old faces to its new-pack faces, best overlap first, each new face taken once, so two
 * people side by side cannot both land on one box. Pure: the catalog writes are in carryDecisions.
 */
export function matchByBox(old: readonly CarriedFace[], fresh: readonly StoredFace[]): Map<string, StoredFace> {
  const pairs: { from: CarriedFace; to: StoredFace; iou: number }[] = [];
  for (const from of old) {
    for (const to of fresh) {
      const iou = intersectionOverUnion(from.box, to.box);
      if (iou >= CARRY_MIN_IOU) pairs.push({ from, to, iou });
    }
  }
  pairs.sort((a, b) => b.iou - a.iou);
  const matched = new Map<string, StoredFace>();
  const taken = new Set<string>();
  for (const { from, to } of pairs) {
    if (matched.has(from.faceId) || taken.has(to.id)) continue;
    matched.set(from.faceId, to);
    taken.add(to.id);
  }
  return matched;
}

/**
 * Writes the plan's decisions onto the new faces. Idempotent, so a run killed while carrying simply carries again:
 * assignments and constraints are set, not toggled, and people are re-made under their own ids only when missing.
 */
export async function carryDecisions(catalog: Catalog, plan: PackSwitchPlan): Promise<CarryOutcome> {
  const existing = new Set((await catalog.listPeople({ includeHidden: true })).map((p) => p.id));
  // An unnamed person loses its row with its last face when the photo is stored again; importPeople makes it again
  // under the same id, so constraints and links naming it still hold.
  const missing = plan.people.filter((p) => !existing.has(p.id));
  if (missing.length > 0) await catalog.importPeople(missing);

  const byPhoto = groupBy(plan.faces, (face) => face.photoSha256);

  const newIdOf = new Map<string, string>();
  const lost: CarriedFace[] = [];
  const assignments: FaceAssignment[] = [];
  const notFaces: string[] = [];
  for (const [sha, old] of byPhoto) {
    const fresh = (await catalog.listFaces({ photoSha256: sha })).filter((f) => f.pack === plan.to);
    const matched = matchByBox(old, fresh);
    for (const face of old) {
      const to = matched.get(face.faceId);
      if (!to) {
        lost.push(face);
        continue;
      }
      newIdOf.set(face.faceId, to.id);
      if (!face.carryPerson) continue;
      if (face.personId === null) notFaces.push(to.id);
      else assignments.push({ faceId: to.id, personId: face.personId, source: face.source });
    }
  }
  if (assignments.length > 0) await catalog.assignFaces(assignments);
  if (notFaces.length > 0) await catalog.markNotAFace(notFaces);
  for (const c of plan.notPerson) {
    const moved = newIdOf.get(c.faceId);
    await catalog.removeConstraint({ kind: 'not-person', faceId: c.faceId, personId: c.personId });
    if (moved) await catalog.addConstraint({ kind: 'not-person', faceId: moved, personId: c.personId });
  }
  return { carried: newIdOf.size, lost };
}
