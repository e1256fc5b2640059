import sharp from 'sharp';
import type { RgbImage } from '../domain/types.js';

export type ColourOrder = 'rgb' | 'bgr';

/**
 * Writes interleaved RGB pixels into a planar (NCHW) float tensor buffer at `offset`,
 * as (value - mean) / std in the channel order the model was trained with.
 * The image may be smaller than the tensor plane (zero padding stays where it is).
 */
export function writePlanar(
  image: RgbImage,
  target: Float32Array,
  offset: number,
  plane: { width: number; height: number },
  normalisation: { mean: number; std: number; order: ColourOrder },
): void {
  const planeSize = plane.width * plane.height;
  const { mean, std, order } = normalisation;
  const [r, g, b] = order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  const { data, width, height } = image;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3;
      const dst = offset + y * plane.width + x;
      target[dst + r * planeSize] = (data[src]! - mean) / std;
      target[dst + g * planeSize] = (data[src + 1]! - mean) / std;
      target[dst + b * planeSize] = (data[src + 2]! - mean) / std;
    }
  }
}

export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return { data, width, height };
}

export function flipHorizontally(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = (y * width + (width - 1 - x)) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { data: out, width, height };
}
