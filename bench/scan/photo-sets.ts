import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const DATASETS = resolve('..', 'shared', 'datasets');

/**
 * Camera-size photos: `count` 4000x3000 JPEGs (quality 90) made from small/deepface (1-3 faces each), in a temp folder;
 * `npm run bench` and `npm run bench:peers` both measure these.
 */
export async function make12mpPhotos(count: number): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'facetag-12mp-'));
  const source = join(DATASETS, 'small', 'deepface');
  const photos = readdirSync(source, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  if (photos.length === 0) throw new Error(`${source}: no JPEG to enlarge`);
  for (let i = 0; i < count; i++) {
    await sharp(photos[i % photos.length]!).resize(4000, 3000, { fit: 'cover' }).jpeg({ quality: 90 }).toFile(join(out, `photo-${String(i).padStart(4, '0')}.jpg`));
  }
  return out;
}

/**
 * Faces that fill a camera frame: small/bbt_faceapijs's 150 px close-ups and 24 LFW crops (every 280th in name order)
 * enlarged to 4000x3000 and 3000x4000 in turn (JPEG quality 90), in a temp folder. The case YuNet's coarse pass is for.
 */
export async function makeCloseUpPhotos(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'facetag-close-ups-'));
  const filesIn = (folder: string) => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  const sources = [...filesIn(join(DATASETS, 'small', 'bbt_faceapijs')), ...filesIn(join(DATASETS, 'lfw')).filter((_, i) => i % 280 === 0).slice(0, 24)];
  for (const [i, file] of sources.entries()) {
    const [width, height] = i % 2 === 0 ? [4000, 3000] : [3000, 4000];
    await sharp(file).resize(width, height, { fit: 'cover' }).jpeg({ quality: 90 }).toFile(join(out, `close-up-${String(i).padStart(3, '0')}.jpg`));
  }
  return out;
}

/** The first `count` LFW photos in name order (250 px, about one face each), linked into a temp folder. */
export function lfwFolder(count: number, prefix = 'facetag-bench-lfw-'): string {
  const root = join(DATASETS, 'lfw');
  const files: string[] = [];
  for (const person of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, person)).sort()) files.push(join(root, person, name));
    if (files.length >= count) break;
  }
  const folder = mkdtempSync(join(tmpdir(), prefix));
  for (const file of files.slice(0, count)) symlinkSync(file, join(folder, file.split('/').pop()!));
  return folder;
}

/** The JPEG files directly in a folder, sorted. */
export function photosIn(folder: string): string[] {
  return readdirSync(folder).filter((n) => /\.jpe?g$/i.test(n)).sort().map((n) => join(folder, n));
}
