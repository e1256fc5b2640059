import sharp from 'sharp';
import type { RgbImage } from '../../src/domain/types.js';

/** Decodes a photo to upright 8-bit RGB, as the pipeline's decode stage hands it to detectors. */
export async function loadRgb(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${path}: decoded to ${info.channels} channels`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}
