import type { Catalog, StoredFace } from '../catalog/catalog.js';
import type { AssignmentSource, Box, FaceQuality } from '../domain/types.js';

/** A face as programs see it (docs/http-api.md "Face"); `similarity` only where a listing compares it to its person. */
export interface FaceView {
  id: string;
  photoId: string;
  box: Box;
  score: number;
  quality: FaceQuality;
  personId: string | null;
  personName: string | null;
  source: AssignmentSource | null;
  similarity?: number;
}

export function toFaceView(face: StoredFace, names: ReadonlyMap<string, string | null>): FaceView {
  return {
    id: face.id,
    photoId: face.photoSha256,
    box: face.box,
    score: face.score,
    quality: face.quality,
    personId: face.personId,
    personName: face.personId === null ? null : (names.get(face.personId) ?? null),
    source: face.source,
  };
}

/** Every person's name by id, hidden people included (a face may belong to one). */
export async function personNames(catalog: Catalog): Promise<Map<string, string | null>> {
  return new Map((await catalog.listPeople({ includeHidden: true })).map((p) => [p.id, p.name]));
}
