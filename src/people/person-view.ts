import type { StoredFace, StoredPerson } from '../catalog/catalog.js';

/** A person as programs see it (docs/http-api.md "Person"). */
export interface PersonView {
  id: string;
  name: string | null;
  hidden: boolean;
  faces: number;
  photos: number;
  /** The best-quality face, for the thumbnail; null for a person left without faces. */
  coverFaceId: string | null;
}

/** Best quality first; ties to the smaller id, as the catalog's sample photo. */
export function byQuality(a: StoredFace, b: StoredFace): number {
  return b.quality.overall - a.quality.overall || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function bestFace(faces: readonly StoredFace[]): StoredFace | null {
  let best: StoredFace | null = null;
  for (const face of faces) if (best === null || byQuality(face, best) < 0) best = face;
  return best;
}

export function toPersonView(person: StoredPerson, coverFaceId: string | null): PersonView {
  return { id: person.id, name: person.name, hidden: person.hidden, faces: person.faces, photos: person.photos, coverFaceId };
}

/** The views of people as the catalog lists them: each comes with its best face, so no face is read here. */
export function personViews(people: readonly StoredPerson[]): PersonView[] {
  return people.map((person) => toPersonView(person, person.bestFaceId));
}

export function personView(person: StoredPerson): PersonView {
  return toPersonView(person, person.bestFaceId);
}
