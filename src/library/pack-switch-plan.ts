import type { Catalog, ImportedPerson, StoredFace } from '../catalog/catalog.js';
import type { AssignmentSource, Box } from '../domain/types.js';

/*
 * What a pack switch must carry from the old pack's faces to the new ones, written to the catalog's settings before
 * the first photo is re-analysed: storing a photo with another pack drops its old faces (and their assignments) in
 * the same transaction, so the decisions must be saved elsewhere first, or a run killed halfway would lose them.
 * Settings are part of the Catalog interface, so this works on every backend without a new catalog method.
 */

const PLAN_SETTING = 'pack-switch';

/** One old-pack face whose person (or "not a face" mark) is carried to the new face of the same box. */
export interface CarriedFace {
  faceId: string;
  photoSha256: string;
  box: Box;
  /** null with source 'user': the user said this is no face. */
  personId: string | null;
  source: AssignmentSource;
  /** False for a face kept only because a not-person constraint names it: its id moves, its person is clustering's. */
  carryPerson: boolean;
}

export interface PackSwitchPlan {
  from: string[];
  to: string;
  faces: CarriedFace[];
  /** The people the carried faces belong to, so an unnamed one dropped with its last face can be made again. */
  people: ImportedPerson[];
  /** not-person constraints name a face, so they follow the face to its new id. */
  notPerson: { faceId: string; personId: string }[];
}

export async function readPlan(catalog: Catalog): Promise<PackSwitchPlan | null> {
  const stored = await catalog.getSetting(PLAN_SETTING);
  return stored === null ? null : (JSON.parse(stored) as PackSwitchPlan);
}

export async function forgetPlan(catalog: Catalog): Promise<void> {
  await catalog.deleteSetting(PLAN_SETTING);
}

/**
 * What the user decided about faces not made by `to`: every user decision, and every face of a named person (a name
 * is given to a person, whose faces may all be automatic, and must stay on the same faces). Faces of unnamed
 * automatic people are not carried: the new pack's clustering groups them again.
 */
export async function makePlan(catalog: Catalog, to: string): Promise<PackSwitchPlan> {
  const old = (await catalog.listFaces()).filter((f) => f.pack !== to);
  const people = await catalog.listPeople({ includeHidden: true });
  const named = new Set(people.filter((p) => p.name !== null).map((p) => p.id));
  const decided = (f: StoredFace) => f.source === 'user' || (f.personId !== null && named.has(f.personId));
  const oldIds = new Set(old.map((f) => f.id));
  const notPerson = (await catalog.listConstraints()).flatMap((c) => (c.kind === 'not-person' && oldIds.has(c.faceId) ? [{ faceId: c.faceId, personId: c.personId }] : []));
  const constrained = new Set(notPerson.map((c) => c.faceId));
  const carried = old.filter((f) => decided(f) || constrained.has(f.id));
  const wanted = new Set([...carried.flatMap((f) => (f.personId && decided(f) ? [f.personId] : [])), ...notPerson.map((c) => c.personId)]);
  return {
    from: [...new Set(old.map((f) => f.pack))].sort(),
    to,
    faces: carried.map((f) => carriedFace(f, decided(f))),
    people: people.filter((p) => wanted.has(p.id)).map((p) => ({ id: p.id, name: p.name, hidden: p.hidden })),
    notPerson,
  };
}

function carriedFace(f: StoredFace, carryPerson: boolean): CarriedFace {
  return { faceId: f.id, photoSha256: f.photoSha256, box: f.box, personId: f.personId, source: f.source ?? 'auto', carryPerson };
}

export async function savePlan(catalog: Catalog, plan: PackSwitchPlan): Promise<void> {
  await catalog.setSetting(PLAN_SETTING, JSON.stringify(plan));
}
