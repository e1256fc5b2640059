import type { Catalog } from '../catalog/catalog.js';
import type { LlmImage } from '../llm/llm-client.js';

/** Where images for a vision model come from: the library's face crops and its photos, resized (JPEG, no metadata). */
export interface ImageSource {
  faceCrop(faceId: string): Promise<{ bytes: Uint8Array }>;
  photo(sha256: string, longestSide: number): Promise<{ bytes: Uint8Array }>;
}

/** Face crops sent per person: a few good ones show a face better than many. */
export const FACE_CROPS_PER_PERSON = 3;
/** The longest side of a whole photo sent to a vision model: enough to see a scene, cheap in tokens. */
export const PHOTO_SIDE = 768;

/** The person's best faces (by quality) as crops, then the whole photo of the best one. */
export async function personImages(catalog: Catalog, images: ImageSource, personId: string): Promise<LlmImage[]> {
  const faces = (await catalog.listFaces({ personId })).sort((a, b) => b.quality.overall - a.quality.overall || (a.id < b.id ? -1 : 1));
  const best = faces.slice(0, FACE_CROPS_PER_PERSON);
  const crops = await Promise.all(best.map(async (face) => jpeg((await images.faceCrop(face.id)).bytes)));
  return best[0] === undefined ? crops : [...crops, jpeg((await images.photo(best[0].photoSha256, PHOTO_SIDE)).bytes)];
}

export async function photoImages(images: ImageSource, sha256: string): Promise<LlmImage[]> {
  return [jpeg((await images.photo(sha256, PHOTO_SIDE)).bytes)];
}

function jpeg(bytes: Uint8Array): LlmImage {
  return { mime: 'image/jpeg', bytes };
}
