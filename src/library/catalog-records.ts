import type { Constraint, StoredFace, StoredFile, StoredPhoto } from '../catalog/catalog.js';
import type { PhotoMeta } from '../domain/types.js';

/*
 * Catalog records in a fixed shape and order, so that a copy can tell what a target already holds and two backends'
 * answers compare as text (copy-catalog.ts, compare-catalogs.ts).
 */

export function photoMeta(photo: StoredPhoto): PhotoMeta {
  return {
    sha256: photo.sha256,
    width: photo.width,
    height: photo.height,
    format: photo.format,
    takenAt: photo.takenAt,
    gps: photo.gps,
    camera: photo.camera,
  };
}

/** A photo with its fields in a fixed order, so two backends' answers compare as text. */
export function photoRecord(photo: StoredPhoto) {
  return { ...photoMeta(photo), gps: photo.gps === null ? null : { lat: photo.gps.lat, lon: photo.gps.lon }, path: photo.path, pack: photo.pack };
}

export function faceRecord(face: StoredFace) {
  const { box, quality } = face;
  return {
    id: face.id,
    photoSha256: face.photoSha256,
    index: face.index,
    box: [box.x, box.y, box.w, box.h],
    score: face.score,
    landmarks: face.landmarks.map(([x, y]) => [x, y]),
    quality: [quality.size, quality.sharpness, quality.frontal, quality.overall],
    pack: face.pack,
    personId: face.personId,
    source: face.source,
  };
}

export function fileKey(file: StoredFile): string {
  return JSON.stringify([file.path, file.sha256, file.size, file.mtimeMs]);
}

/** different-people pairs in either order are one constraint. */
export function constraintKey(constraint: Constraint): string {
  return constraint.kind === 'not-person'
    ? JSON.stringify(['not-person', constraint.faceId, constraint.personId])
    : JSON.stringify(['different-people', ...[constraint.personA, constraint.personB].sort()]);
}

/** Code-unit order, the same on every backend and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
