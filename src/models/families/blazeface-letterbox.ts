import sharp from 'sharp';
import type { Box, RgbImage } from '../../domain/types.js';

/** A square model input cut from a photo, and how to map its pixels back to the photo. */
export interface Letterbox {
  /** NHWC float pixels in [-1, 1]; the part not covered by the photo is black (-1). */
  tensor: Float32Array;
  /** photo x = region.x + input x * scaleX (same for y). */
  region: Box;
  scaleX: number;
  scaleY: number;
}

/**
 * Scales `region` of the photo (whole photo by default) into the top-left of a size x size square,
 * keeping its aspect ratio, as MediaPipe feeds BlazeFace.
 */
export async function letterbox(image: RgbImage, size: number, region: Box = { x: 0, y: 0, w: image.width, h: image.height }): Promise<Letterbox> {
  const scale = size / Math.max(region.w, region.h);
  const w = Math.max(1, Math.min(size, Math.round(region.w * scale)));
  const h = Math.max(1, Math.min(size, Math.round(region.h * scale)));
  const pixels = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: region.x, top: region.y, width: region.w, height: region.h })
    .resize(w, h, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  const tensor = new Float32Array(size * size * 3).fill(-1);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < w * 3; i++) tensor[y * size * 3 + i] = pixels[y * w * 3 + i]! / 127.5 - 1;
  }
  // w and h are rounded, so x and y scales differ slightly.
  return { tensor, region, scaleX: region.w / w, scaleY: region.h / h };
}

/**
 * Overlapping square tiles for finding faces too small for one whole-photo pass: `perSide` tiles
 * across the longer side, each overlapping its neighbour by `overlap` of its side.
 */
export function tiles(width: number, height: number, perSide: number, overlap: number): Box[] {
  if (perSide <= 1) return [];
  const long = Math.max(width, height);
  const side = Math.min(Math.round(long / (perSide - (perSide - 1) * overlap)), width, height);
  const starts = (extent: number): number[] => {
    const count = Math.max(1, Math.ceil((extent - side) / (side * (1 - overlap)) - 1e-9) + 1);
    return Array.from({ length: count }, (_, k) => (count === 1 ? 0 : Math.round((k * (extent - side)) / (count - 1))));
  };
  return starts(height).flatMap((y) => starts(width).map((x) => ({ x, y, w: side, h: side })));
}
