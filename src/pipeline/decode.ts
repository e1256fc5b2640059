import sharp from 'sharp';
import exifr from 'exifr';
import type { PhotoMeta, RgbImage } from '../domain/types.js';
import { decodeBmp, isBmp } from './bmp-input.js';

export interface DecodeSettings {
  /** Longest side of the image kept for detection and alignment; JPEGs shrink while loading, so big photos decode fast. */
  analysisSize: number;
  /** Refuse images with more pixels than this (decompression bombs, absurd panoramas). */
  maxPixels: number;
  /**
   * Refuse images the decoder reads only by recovering from damage (libvips warnings, e.g. garbled JPEG data): the
   * inference routes do, so a caller learns its upload is damaged rather than getting faces of guessed pixels.
   * Scans keep such photos (a damaged old photo still shows its people).
   */
  refuseDamaged?: boolean;
}

export interface DecodedPhoto {
  /** The upright image, scaled down to at most analysisSize on its longest side. */
  image: RgbImage;
  /** Multiply analysis-image coordinates by this to get pixels of the full upright photo. */
  toFullScale: number;
  meta: Omit<PhotoMeta, 'sha256'>;
}

/** A photo that cannot be analysed, with a reason a user understands. */
export class UnreadablePhotoError extends Error {
  override readonly name = 'UnreadablePhotoError';
}

export async function decodePhoto(bytes: Uint8Array, settings: DecodeSettings): Promise<DecodedPhoto> {
  if (bytes.length === 0) throw new UnreadablePhotoError('empty file (0 bytes)');
  // failOn 'error' keeps photos with recoverable damage (libvips warnings) and refuses truncated or broken ones.
  const failOn = settings.refuseDamaged ? 'warning' : 'error';
  const options: sharp.SharpOptions = { failOn, limitInputPixels: settings.maxPixels, sequentialRead: true };
  let open: () => sharp.Sharp = () => sharp(bytes, options);
  if (isBmp(bytes)) {
    let bmp: ReturnType<typeof decodeBmp>;
    try {
      bmp = decodeBmp(bytes);
    } catch (err) {
      throw new UnreadablePhotoError(`corrupt BMP (${err instanceof Error ? err.message : String(err)})`);
    }
    const raw = { width: bmp.width, height: bmp.height, channels: 4 as const };
    open = () => sharp(bmp.data, { ...options, raw });
  }
  let metadata: sharp.Metadata;
  try {
    metadata = await open().metadata();
  } catch (err) {
    throw new UnreadablePhotoError(describeSharpError(err));
  }
  const { width: rawWidth, height: rawHeight } = metadata;
  const format = isBmp(bytes) ? 'bmp' : metadata.format;
  if (!rawWidth || !rawHeight || !format) throw new UnreadablePhotoError('image has no dimensions');
  if (rawWidth * rawHeight > settings.maxPixels) {
    throw new UnreadablePhotoError(`too many pixels (${rawWidth}x${rawHeight} is over the limit of ${settings.maxPixels})`);
  }
  const swapsSides = (metadata.orientation ?? 1) >= 5;
  const width = swapsSides ? rawHeight : rawWidth;
  const height = swapsSides ? rawWidth : rawHeight;

  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    decoded = await open()
      .rotate()
      .resize({ width: settings.analysisSize, height: settings.analysisSize, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new UnreadablePhotoError(describeSharpError(err));
  }
  if (decoded.info.channels !== 3) throw new UnreadablePhotoError(`decoded to ${decoded.info.channels} channels, expected RGB`);
  const exif = await readExif(bytes);
  return {
    image: { data: decoded.data, width: decoded.info.width, height: decoded.info.height },
    toFullScale: width / decoded.info.width,
    meta: { width, height, format, ...exif },
  };
}

async function readExif(bytes: Uint8Array): Promise<Pick<PhotoMeta, 'takenAt' | 'gps' | 'camera'>> {
  try {
    const tags = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      pick: ['DateTimeOriginal', 'CreateDate', 'Make', 'Model', 'GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef'],
      gps: true,
    });
    if (!tags) return { takenAt: null, gps: null, camera: null };
    const taken = tags.DateTimeOriginal ?? tags.CreateDate;
    const camera = [tags.Make, tags.Model].filter((v): v is string => typeof v === 'string' && v.trim() !== '').join(' ').trim();
    const lat = tags.latitude;
    const lon = tags.longitude;
    return {
      takenAt: taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken.toISOString() : null,
      gps: typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null,
      camera: camera === '' ? null : camera,
    };
  } catch {
    // Broken EXIF is common in real collections and never a reason to lose the photo's faces.
    return { takenAt: null, gps: null, camera: null };
  }
}

function describeSharpError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/unsupported image format/i.test(message)) return 'unsupported or unrecognised image format';
  if (/pixel limit/i.test(message)) return 'too many pixels';
  if (/premature end|truncated|corrupt header/i.test(message)) return `truncated or corrupt file (${firstLine(message)})`;
  if (/bad seek|heif/i.test(message)) return `unsupported format: this HEIF/HEIC variant cannot be decoded (${firstLine(message)})`;
  return `corrupt image (${firstLine(message)})`;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
