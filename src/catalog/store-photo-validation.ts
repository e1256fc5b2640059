import type { FoundFace } from '../domain/types.js';
import type { StorePhotoInput } from './catalog.js';

/** Rejects input that would store an inconsistent photo, before anything is written. */
export function validateStorePhotoInput(input: StorePhotoInput): void {
  const { file, meta, pack, faces } = input;
  const where = `storePhoto(${file.path})`;
  if (file.sha256 !== meta.sha256) {
    throw new Error(`${where}: file sha256 ${file.sha256} differs from photo sha256 ${meta.sha256}`);
  }
  if (meta.sha256.length === 0) throw new Error(`${where}: empty sha256`);
  if (pack.length === 0) throw new Error(`${where}: empty model pack name`);
  const seenIndexes = new Set<number>();
  let dimensions: number | null = null;
  for (const face of faces) {
    if (!Number.isInteger(face.index) || face.index < 0) {
      throw new Error(`${where}: face index ${face.index} is not a non-negative integer`);
    }
    if (seenIndexes.has(face.index)) throw new Error(`${where}: face index ${face.index} appears twice`);
    seenIndexes.add(face.index);
    const length = face.embedding.length;
    if (length === 0) throw new Error(`${where}: face ${face.index} has an empty embedding`);
    // One vector index per pack and size: a photo whose faces disagree would be split across spaces.
    if (dimensions !== null && length !== dimensions) {
      throw new Error(`${where}: face ${face.index} has a ${length}-d embedding, earlier faces are ${dimensions}-d`);
    }
    dimensions = length;
    if (!face.embedding.every(Number.isFinite)) {
      throw new Error(`${where}: face ${face.index} has a non-finite value in its embedding`);
    }
  }
}

/** Rejects faces added to a stored photo (addFaces) that storePhoto would reject, before anything is written. */
export function validateAddedFaces(photoSha256: string, pack: string, faces: readonly FoundFace[]): void {
  validateStorePhotoInput({
    file: { path: `photo ${photoSha256}`, sha256: photoSha256, size: 0, mtimeMs: 0 },
    meta: { sha256: photoSha256, width: 0, height: 0, format: '', takenAt: null, gps: null, camera: null },
    pack,
    faces,
  });
}
