import type { Catalog, StoredFace } from '../catalog/catalog.js';
import { NotFoundError } from '../library/library-errors.js';

/** One face by id (the faces' primary key), or null. */
export async function findFace(catalog: Catalog, faceId: string): Promise<StoredFace | null> {
  return (await catalog.getFaces([faceId]))[0] ?? null;
}

export async function requireFace(catalog: Catalog, faceId: string): Promise<StoredFace> {
  const face = await findFace(catalog, faceId);
  if (!face) throw new NotFoundError(`no face ${faceId}`);
  return face;
}

/** Throws naming every id the catalog does not hold (by the embedding look-up, which is by primary key). */
export async function requireFaces(catalog: Catalog, faceIds: readonly string[]): Promise<void> {
  const known = new Set((await catalog.getFaceEmbeddings(faceIds)).keys());
  const unknown = [...new Set(faceIds)].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new NotFoundError(`no face ${unknown.join(', ')}`);
}
