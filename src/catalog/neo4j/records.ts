import neo4j, { type Point, type Record as Neo4jRecord } from 'neo4j-driver';
import type { StoredFace, StoredFile, StoredPhoto } from '../catalog.js';
import { faceId } from '../catalog.js';
import type { AssignmentSource, FoundFace, Landmarks5, PhotoMeta } from '../../domain/types.js';

/**
 * How catalog values map to node properties and back. Neo4j properties cannot be maps, so a box, the landmarks
 * and the quality are stored as fixed-order lists; the orders below are part of the stored format.
 */

/** box = [x, y, w, h] */
export function boxProperty(face: FoundFace): number[] {
  return [face.box.x, face.box.y, face.box.w, face.box.h];
}

/** landmarks = [x0, y0, x1, y1, ..., x4, y4] in the Landmarks5 order */
export function landmarksProperty(face: FoundFace): number[] {
  return face.landmarks.flatMap(([x, y]) => [x, y]);
}

/** quality = [size, sharpness, frontal, overall]; queries sort by quality[QUALITY_OVERALL]. */
export function qualityProperty(face: FoundFace): number[] {
  return [face.quality.size, face.quality.sharpness, face.quality.frontal, face.quality.overall];
}

export const QUALITY_OVERALL = 3;

/** Parameters for one face row of the UNWIND that creates a photo's faces. */
export function faceRow(photoSha256: string, pack: string, face: FoundFace) {
  return {
    id: faceId(photoSha256, pack, face.index),
    index: neo4j.int(face.index),
    box: boxProperty(face),
    score: face.score,
    landmarks: landmarksProperty(face),
    quality: qualityProperty(face),
    // Float32 values are exact as doubles, so the list reads back to the identical Float32Array.
    embedding: Array.from(face.embedding),
  };
}

export function photoProperties(meta: PhotoMeta, pack: string) {
  return {
    sha256: meta.sha256,
    width: neo4j.int(meta.width),
    height: neo4j.int(meta.height),
    format: meta.format,
    takenAt: meta.takenAt,
    // A WGS-84 point rather than two numbers, so spatial queries (distance, bounding boxes) work on it.
    gps: meta.gps === null ? null : new neo4j.types.Point(4326, meta.gps.lon, meta.gps.lat),
    camera: meta.camera,
    pack,
    scannedAt: new Date().toISOString(),
  };
}

export function fileProperties(file: StoredFile) {
  return { path: file.path, sha256: file.sha256, size: neo4j.int(file.size), mtimeMs: file.mtimeMs };
}

/**
 * Returns the face projection used by every face query. Expects f (Face), p (Photo), r (the OF relationship or null)
 * and person (or null) in scope. A user's "nobody" has no relationship to point at, so it is a flag on the face.
 */
export const FACE_PROJECTION = `
  f.id AS id, p.sha256 AS photoSha256, f.index AS index, f.box AS box, f.score AS score, f.landmarks AS landmarks,
  f.quality AS quality, f.pack AS pack, person.id AS personId,
  CASE WHEN r IS NOT NULL THEN r.source WHEN f.decidedNobody THEN 'user' ELSE null END AS source`;

export function toStoredFace(record: Neo4jRecord): StoredFace {
  const box = record.get('box') as number[];
  const landmarks = record.get('landmarks') as number[];
  const quality = record.get('quality') as number[];
  return {
    id: record.get('id') as string,
    photoSha256: record.get('photoSha256') as string,
    index: record.get('index') as number,
    box: { x: box[0]!, y: box[1]!, w: box[2]!, h: box[3]! },
    score: record.get('score') as number,
    landmarks: [0, 1, 2, 3, 4].map((i) => [landmarks[2 * i]!, landmarks[2 * i + 1]!] as const) as unknown as Landmarks5,
    quality: { size: quality[0]!, sharpness: quality[1]!, frontal: quality[2]!, overall: quality[3]! },
    pack: record.get('pack') as string,
    personId: record.get('personId') as string | null,
    source: record.get('source') as AssignmentSource | null,
  };
}

export function toEmbedding(value: unknown): Float32Array {
  if (!Array.isArray(value)) throw new Error('stored embedding is not a list of numbers');
  return Float32Array.from(value as number[]);
}

/** Expects p (Photo) and path (its first path, or null) in scope. */
export const PHOTO_PROJECTION = 'p {.sha256, .width, .height, .format, .takenAt, .gps, .camera, .pack} AS photo, path';

/** The first of a photo's paths in path order, so the answer does not depend on insertion order. */
export const PHOTO_PATH_SUBQUERY = 'CALL (p) { OPTIONAL MATCH (file:File)-[:HOLDS]->(p) RETURN min(file.path) AS path }';

export function toStoredPhoto(record: Neo4jRecord): StoredPhoto {
  const photo = record.get('photo') as {
    sha256: string;
    width: number;
    height: number;
    format: string;
    takenAt?: string | null;
    gps?: Point<number> | null;
    camera?: string | null;
    pack: string;
  };
  const path = record.get('path') as string | null;
  if (path === null) throw new Error(`photo ${photo.sha256} has no path; the catalog is inconsistent`);
  return {
    sha256: photo.sha256,
    width: photo.width,
    height: photo.height,
    format: photo.format,
    takenAt: photo.takenAt ?? null,
    gps: photo.gps ? { lat: photo.gps.y, lon: photo.gps.x } : null,
    camera: photo.camera ?? null,
    path,
    pack: photo.pack,
  };
}

export const FILE_PROJECTION = 'file.path AS path, file.sha256 AS sha256, file.size AS size, file.mtimeMs AS mtimeMs';

export function toStoredFile(record: Neo4jRecord): StoredFile {
  return {
    path: record.get('path') as string,
    sha256: record.get('sha256') as string,
    size: record.get('size') as number,
    mtimeMs: record.get('mtimeMs') as number,
  };
}
