import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePhoto, UnreadablePhotoError } from '../../src/pipeline/decode.js';
import { dataset } from '../support/shared.js';

const settings = { analysisSize: 1024, maxPixels: 100_000_000 };
const generated = (...parts: string[]) => readFileSync(dataset('hard', 'generated', ...parts));

describe('decodePhoto', () => {
  it('applies every EXIF orientation so the photo is upright', async () => {
    const upright = await decodePhoto(generated('exif_orientation', 'deepface_person01__orient1.jpg'), settings);
    for (let orientation = 2; orientation <= 8; orientation++) {
      const decoded = await decodePhoto(generated('exif_orientation', `deepface_person01__orient${orientation}.jpg`), settings);
      expect(decoded.meta.width, `orientation ${orientation}`).toBe(upright.meta.width);
      expect(decoded.meta.height, `orientation ${orientation}`).toBe(upright.meta.height);
      // Same picture after orientation: pixels agree up to JPEG noise.
      expect(meanAbsoluteDifference(decoded.image.data, upright.image.data), `orientation ${orientation}`).toBeLessThan(8);
    }
  });

  it.each([
    'deepface_person04.png', 'deepface_person04_rgba.png', 'deepface_person04_16bit.png', 'deepface_person04.webp',
    'deepface_person04_lossless.webp', 'deepface_person04.avif', 'deepface_person04.gif', 'deepface_person04.tiff',
    'deepface_person04_cmyk.jpg', 'deepface_person04.bmp', 'deepface_person04_progressive.jpg', 'deepface_person04_wrong_ext.png', 'deepface_person04_UPPER.JPG',
  ])('reads %s as 8-bit sRGB', async (name) => {
    const decoded = await decodePhoto(generated('formats', name), settings);
    expect(decoded.image.data.length).toBe(decoded.image.width * decoded.image.height * 3);
    expect(decoded.meta.width).toBe(900);
    expect(decoded.meta.height).toBe(599);
  });

  it('explains that HEIC (HEVC) cannot be decoded', async () => {
    await expect(decodePhoto(generated('formats', 'deepface_person04.heic'), settings)).rejects.toThrow(/HEIF\/HEIC/);
  });

  it('reads grayscale photos as three channels', async () => {
    const decoded = await decodePhoto(generated('grayscale', 'deepface_person01_gray.jpg'), settings);
    expect(decoded.image.data.length).toBe(decoded.image.width * decoded.image.height * 3);
  });

  it('shrinks a 6000 px photo while keeping full-size coordinates', async () => {
    const decoded = await decodePhoto(generated('large', 'human_group13_upscaled_6000.jpg'), settings);
    expect(Math.max(decoded.image.width, decoded.image.height)).toBe(1024);
    expect(decoded.meta.width).toBe(6000);
    expect(decoded.toFullScale).toBeCloseTo(6000 / 1024, 5);
  });

  it('refuses photos over the pixel limit with the reason', async () => {
    const bytes = generated('large', 'human_group13_upscaled_6000.jpg');
    await expect(decodePhoto(bytes, { analysisSize: 1024, maxPixels: 10_000_000 })).rejects.toThrow(/too many pixels/);
  });

  it.each([
    ['empty.jpg', /empty file/],
    ['random_bytes.jpg', /unsupported or unrecognised/],
    ['html_named.png', /unsupported or unrecognised/],
    ['bad_magic.jpg', /unsupported or unrecognised/],
    ['truncated_10pct.jpg', /truncated or corrupt/],
    ['truncated_50pct.jpg', /truncated or corrupt/],
    ['truncated_header_only.jpg', /truncated or corrupt/],
    ['png_bad_crc.png', /corrupt/],
  ])('gives %s a clear reason', async (name, reason) => {
    const attempt = decodePhoto(generated('corrupted', name), settings);
    await expect(attempt).rejects.toBeInstanceOf(UnreadablePhotoError);
    await expect(attempt).rejects.toThrow(reason);
  });

  it('keeps a photo whose damage the decoder can recover from', async () => {
    const decoded = await decodePhoto(generated('corrupted', 'garbled_middle.jpg'), settings);
    expect(decoded.meta.width).toBe(900);
  });

  it('refuses that damage, naming it, when asked to (uploads to the inference routes)', async () => {
    const attempt = decodePhoto(generated('corrupted', 'garbled_middle.jpg'), { ...settings, refuseDamaged: true });
    await expect(attempt).rejects.toBeInstanceOf(UnreadablePhotoError);
    await expect(attempt).rejects.toThrow(/Corrupt JPEG data/);
    // An intact photo is not refused by the stricter decode.
    expect((await decodePhoto(readFileSync(dataset('groups', 'faceapijs_bbt1.jpg')), { ...settings, refuseDamaged: true })).meta.width).toBe(1366);
  });
});

function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}
