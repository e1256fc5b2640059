import sharp from 'sharp';
import { InvalidRequestError } from './library-errors.js';

export type ImageFormat = 'jpeg' | 'webp';

export const PHOTO_IMAGE_SIZE = { default: 1600, min: 32, max: 4096 } as const;

/** An encoded image and the tag that names its content (same photo, size and format: same bytes). */
export interface EncodedImage {
  bytes: Uint8Array;
  contentType: string;
  etag: string;
}

/**
 * Bumped when the encoding below changes, so browsers holding an old rendition under the same photo, size and
 * format fetch the new one.
 */
const RENDITION_VERSION = 1;

/**
 * The photo upright (EXIF orientation applied), its longest side at most `size` (never enlarged: a small photo
 * comes back at its own size), as JPEG or WebP. Metadata is dropped on the way (sharp's default), so no GPS
 * position leaves the server in a picture. `maxPixels` guards against decompression bombs as the scan does.
 */
export async function photoImage(
  photo: { sha256: string; bytes: Uint8Array },
  size: number,
  format: ImageFormat,
  maxPixels: number,
): Promise<EncodedImage> {
  if (!Number.isInteger(size) || size < PHOTO_IMAGE_SIZE.min || size > PHOTO_IMAGE_SIZE.max) {
    throw new InvalidRequestError(`size must be a whole number from ${PHOTO_IMAGE_SIZE.min} to ${PHOTO_IMAGE_SIZE.max}, got ${size}`);
  }
  const pipeline = sharp(photo.bytes, { failOn: 'error', limitInputPixels: maxPixels })
    .rotate()
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true });
  const bytes = format === 'webp' ? await pipeline.webp({ quality: 80 }).toBuffer() : await pipeline.jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  return {
    bytes,
    contentType: format === 'webp' ? 'image/webp' : 'image/jpeg',
    etag: photoImageTag(photo.sha256, size, format),
  };
}

/** The tag of a rendition, known without reading the photo, so a client's cached copy is confirmed for free. */
export function photoImageTag(sha256: string, size: number, format: ImageFormat): string {
  return `"${sha256}-${size}-${format}-v${RENDITION_VERSION}"`;
}

/** WebP when the client says it takes it (browsers list image/webp in Accept for images), JPEG otherwise. */
export function formatFor(accept: string | undefined): ImageFormat {
  const takesWebp = (accept ?? '').split(',').some((entry) => {
    const [type, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return type === 'image/webp' && (q === undefined || Number(q.slice(2)) > 0);
  });
  return takesWebp ? 'webp' : 'jpeg';
}
