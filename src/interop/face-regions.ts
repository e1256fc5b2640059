import type { StoredFace, StoredPerson, StoredPhoto } from '../catalog/catalog.js';
import { clampBox } from '../domain/geometry.js';
import type { Box } from '../domain/types.js';

/** One face as it goes into a sidecar: who (null when nobody has named it) and where, in whole upright pixels. */
export interface FaceRegion {
  name: string | null;
  box: Box;
}

export interface FaceRegionPolicy {
  /**
   * Faces nobody has named yet (no person, or a person without a name). Included by default: digiKam shows
   * them as "Unknown" faces ready to be named, which is what a digiKam user expects of a face detector.
   */
  includeUnnamed?: boolean;
  /**
   * Faces of people the user hid. Left out by default: hiding says "not someone I care about" (strangers in
   * the background) and sidecars travel to other programs and other people.
   */
  includeHidden?: boolean;
}

/**
 * The regions a photo's sidecar gets. Named faces come first: digiKam before 7.0 stops reading the region
 * list at the first region without a name, so an unnamed face in front would hide every named one after it.
 */
export function faceRegions(
  photo: Pick<StoredPhoto, 'width' | 'height'>,
  faces: readonly StoredFace[],
  peopleById: ReadonlyMap<string, StoredPerson>,
  policy: FaceRegionPolicy = {},
): FaceRegion[] {
  const named: FaceRegion[] = [];
  const unnamed: FaceRegion[] = [];
  for (const face of faces) {
    const person = face.personId === null ? undefined : peopleById.get(face.personId);
    if (person?.hidden && !policy.includeHidden) continue;
    const box = clampBox(face.box, photo.width, photo.height);
    if (box.w === 0 || box.h === 0) continue;
    const name = person?.name ?? null;
    if (name !== null && name.trim() !== '') named.push({ name, box });
    else if (policy.includeUnnamed ?? true) unnamed.push({ name: null, box });
  }
  return [...named, ...unnamed];
}
