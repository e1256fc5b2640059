import sharp from 'sharp';
import type { Box, RgbImage } from '../domain/types.js';

/** Side of the stored face thumbnails: enough for a review grid, small enough for thousands in a page. */
export const CROP_SIZE = 160;

/** A square JPEG around the face (with some forehead and chin), for review screens. */
export async function faceThumbnail(image: RgbImage, box: Box): Promise<Uint8Array> {
  const side = Math.max(box.w, box.h) * 1.4;
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const left = Math.max(0, Math.round(cx - side / 2));
  const top = Math.max(0, Math.round(cy - side / 2));
  const width = Math.max(1, Math.min(image.width - left, Math.round(side)));
  const height = Math.max(1, Math.min(image.height - top, Math.round(side)));
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left, top, width, height })
    .resize(CROP_SIZE, CROP_SIZE, { fit: 'cover' })
    .jpeg({ quality: 82, mozjpeg: false })
    .toBuffer();
}
