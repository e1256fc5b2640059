import { cropKey } from '../catalog/catalog.js';
import type { ObjectStore } from '../objects/object-store.js';
import { NotFoundError } from './library-errors.js';
import type { EncodedImage } from './photo-image.js';

/**
 * The face's stored thumbnail (written by the scan as crops/<faceId>.jpg). A face id names one face of one photo
 * content analysed by one pack, so its crop never changes and the id is a sufficient tag.
 */
export async function faceCropImage(objects: ObjectStore, faceId: string): Promise<EncodedImage> {
  const bytes = await objects.get(cropKey(faceId));
  if (bytes === null) throw new NotFoundError(`no crop of face ${faceId} in ${objects.describe()}`);
  return { bytes, contentType: 'image/jpeg', etag: faceCropTag(faceId) };
}

export function faceCropTag(faceId: string): string {
  return `"${faceId}"`;
}
