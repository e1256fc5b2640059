/**
 * The reference workload: 4000x3000 JPEGs (quality 90) with 1-3 faces, made from the photos of
 * ../shared/datasets/small/deepface (enlarged and cropped to fill), in a temp folder the caller removes.
 * Used by `npm run bench -- --make-12mp N` and `npm run bench:peers`, so both measure the same photos.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** Writes count photos photo-0000.jpg... into a new temp folder and returns it. datasets: ../shared/datasets. */
export async function make12mpPhotos(count: number, datasets: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'facetag-12mp-'));
  const source = join(datasets, 'small', 'deepface');
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
