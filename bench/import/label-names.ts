import { basename, dirname } from 'node:path';
import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import { intersectionOverUnion } from '../../src/domain/geometry.js';
import type { Box } from '../../src/domain/types.js';
import { readLibrarySnapshot } from '../../src/interop/library-snapshot.js';

/** The label of a photo in a folder-per-person data set: its folder's name. */
export const labelOf = (photoPath: string): string => basename(dirname(photoPath));

export interface LabelNaming {
  /** Faces found in A, and of those the ones clustering put in a person. */
  faces: number;
  facesInPeople: number;
  people: number;
  named: number;
  /** People left unnamed because a bigger person got their label. */
  secondOfLabel: number;
}

/**
 * Names every person the way a user who knows them would: with the label most of their faces carry. When several
 * people get one label only the biggest (most faces; ties to the first in id order) is named, the others stay unnamed.
 */
export async function nameByMajorityLabel(lib: FacetagLibrary): Promise<LabelNaming> {
  const snapshot = await readLibrarySnapshot(lib.backends.catalog);
  const votes = new Map<string, Map<string, number>>();
  let faces = 0;
  for (const photo of snapshot.photos) {
    for (const face of snapshot.facesByPhoto.get(photo.sha256) ?? []) {
      faces += 1;
      if (face.personId === null) continue;
      const counts = votes.get(face.personId) ?? new Map<string, number>();
      counts.set(labelOf(photo.path), (counts.get(labelOf(photo.path)) ?? 0) + 1);
      votes.set(face.personId, counts);
    }
  }
  const byLabel = new Map<string, { id: string; faces: number }>();
  for (const person of snapshot.people) {
    const counts = votes.get(person.id);
    if (counts === undefined) continue;
    const [label] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
    const size = [...counts.values()].reduce((a, b) => a + b, 0);
    const holder = byLabel.get(label);
    if (holder === undefined || size > holder.faces) byLabel.set(label, { id: person.id, faces: size });
  }
  for (const [label, { id }] of byLabel) await (await lib.person(id)).rename(label);
  const facesInPeople = [...votes.values()].reduce((sum, counts) => sum + [...counts.values()].reduce((a, b) => a + b, 0), 0);
  return { faces, facesInPeople, people: votes.size, named: byLabel.size, secondOfLabel: votes.size - byLabel.size };
}

export interface NamedFace {
  photoPath: string;
  box: Box;
  name: string;
}

/** Every face of the library whose person has a name, with its photo and box. */
export async function namedFaces(lib: FacetagLibrary): Promise<NamedFace[]> {
  const snapshot = await readLibrarySnapshot(lib.backends.catalog);
  const named: NamedFace[] = [];
  for (const photo of snapshot.photos) {
    for (const face of snapshot.facesByPhoto.get(photo.sha256) ?? []) {
      const name = face.personId === null ? null : (snapshot.peopleById.get(face.personId)?.name ?? null);
      if (name !== null) named.push({ photoPath: photo.path, box: face.box, name });
    }
  }
  return named;
}

export interface NameAgreement {
  /** A's named faces. */
  named: number;
  /** Of those, the ones B has a face for at the same place (same photo, box IoU at least 0.5) with the same name. */
  same: number;
  /** B's named faces at the place of a face A named otherwise: wrong names. */
  otherName: number;
  /** B's named faces at no place A named a face (A left them unnamed, or found no face there). */
  namedInBOnly: number;
}

const SAME_FACE_IOU = 0.5;

/** How many of A's named faces carry the same name on the same face in B, and what else B named. */
export function compareNames(a: readonly NamedFace[], b: readonly NamedFace[]): NameAgreement {
  const byPhoto = (faces: readonly NamedFace[]) => {
    const groups = new Map<string, NamedFace[]>();
    for (const face of faces) groups.set(face.photoPath, [...(groups.get(face.photoPath) ?? []), face]);
    return groups;
  };
  const atPlace = (face: NamedFace, others: ReadonlyMap<string, NamedFace[]>) =>
    (others.get(face.photoPath) ?? []).filter((other) => intersectionOverUnion(face.box, other.box) >= SAME_FACE_IOU);
  const [inA, inB] = [byPhoto(a), byPhoto(b)];
  const same = a.filter((face) => atPlace(face, inB).some((other) => other.name === face.name)).length;
  let otherName = 0;
  let namedInBOnly = 0;
  for (const face of b) {
    const there = atPlace(face, inA);
    if (there.length === 0) namedInBOnly += 1;
    else if (!there.some((other) => other.name === face.name)) otherName += 1;
  }
  return { named: a.length, same, otherName, namedInBOnly };
}
