import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

/**
 * The decode floor: milliseconds of wall time per photo that sharp needs merely to decode the photos to `size` px on
 * their long side, `parallel` at a time (as many as scan workers). No scan can beat it; a scan's wall time per photo
 * divided by it says how much the rest (detection, embedding, storing) adds.
 */
export async function decodeFloorMs(paths: readonly string[], size: number, parallel: number): Promise<number> {
  const files = await Promise.all(paths.map((p) => readFile(p)));
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < files.length) {
      const bytes = files[next++]!;
      await sharp(bytes).rotate().resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true }).raw().toBuffer();
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return (performance.now() - started) / files.length;
}
