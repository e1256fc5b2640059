import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

const GENERATED = dataset('hard', 'generated');

describe('hard/generated: every file gets the right result or a one-line error naming it', () => {
  const libraryDir = tempDir('hard');
  const env = cliEnv(libraryDir);
  let scan: ReturnType<typeof runCli>;
  let library: LibraryExport;
  let catalog: Catalog;
  const files = new Map<string, string>();
  // By file, not by exported photo: two files with the same bytes (a JPEG named .png and its .JPG twin) are one photo.
  const facesOf = (name: string): number => {
    const sha256 = [...files].find(([path]) => path.endsWith(`/${name}`))?.[1];
    if (!sha256) throw new Error(`${name} was not stored`);
    const photo = library.photos.find((p) => p.sha256 === sha256);
    return photo!.faces.length;
  };

  beforeAll(async () => {
    scan = runCli(['scan', GENERATED], env);
    library = LibraryExportSchema.parse(JSON.parse(runCli(['export', '--format', 'json'], env).stdout));
    catalog = await openSqliteCatalog(join(libraryDir, 'catalog.sqlite'));
    for (const file of await catalog.listFiles(GENERATED)) files.set(file.path, file.sha256);
  });

  afterAll(async () => {
    await catalog.close();
  });

  it('finishes the scan and counts the errors', () => {
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/, 9 errors/);
  });

  it.each([
    ['corrupted/empty.jpg', /empty file/],
    ['corrupted/random_bytes.jpg', /not a recognised image/],
    ['corrupted/html_named.png', /not a recognised image/],
    ['corrupted/bad_magic.jpg', /not a recognised image/],
    ['corrupted/truncated_10pct.jpg', /truncated or corrupt/],
    ['corrupted/truncated_50pct.jpg', /truncated or corrupt/],
    ['corrupted/truncated_header_only.jpg', /truncated or corrupt/],
    ['corrupted/png_bad_crc.png', /corrupt/],
    // sharp's prebuilt libvips has no HEVC decoder (patents): a clear "unsupported" instead of a face.
    ['formats/deepface_person04.heic', /unsupported format: this HEIF\/HEIC variant cannot be decoded/],
  ])('%s: error with the reason, in the scan output and in status --errors', (file, reason) => {
    const path = `${GENERATED}/${file}`;
    const line = scan.stderr.split('\n').find((l) => l.includes(path));
    expect(line).toMatch(reason);
    const listed = runCli(['status', '--errors'], env).stdout.split('\n').find((l) => l.startsWith(`${path}: `));
    expect(listed).toMatch(reason);
  });

  it('reads every supported format with its one face, HEIC aside', () => {
    for (const name of ['deepface_person04.png', 'deepface_person04_rgba.png', 'deepface_person04_16bit.png', 'deepface_person04.webp',
      'deepface_person04_lossless.webp', 'deepface_person04.avif', 'deepface_person04.gif', 'deepface_person04.bmp', 'deepface_person04.tiff',
      'deepface_person04_cmyk.jpg', 'deepface_person04_progressive.jpg', 'deepface_person04_wrong_ext.png', 'deepface_person04_UPPER.JPG']) {
      expect(facesOf(name), name).toBe(1);
    }
  });

  it('finds the face upright under every EXIF orientation, in the upright frame', () => {
    const upright = library.photos.find((p) => p.path.endsWith('deepface_person01__orient1.jpg'))!;
    for (let o = 1; o <= 8; o++) {
      const photo = library.photos.find((p) => p.path.endsWith(`deepface_person01__orient${o}.jpg`))!;
      expect(photo.faces, `orientation ${o}`).toHaveLength(1);
      expect([photo.width, photo.height]).toEqual([upright.width, upright.height]);
      // Orientations 2, 4, 5 and 7 mirror the photo: the box mirrors too.
      const box = photo.faces[0]!.box;
      const reference = upright.faces[0]!.box;
      const mirrored = [2, 4, 5, 7].includes(o);
      const expectedX = mirrored ? upright.width - reference.x - reference.w : reference.x;
      expect(Math.abs(box.x - expectedX), `orientation ${o}`).toBeLessThanOrEqual(reference.w * 0.1);
      expect(Math.abs(box.y - reference.y), `orientation ${o}`).toBeLessThanOrEqual(reference.h * 0.1);
    }
    // generated.csv says 7, but the photo shows six people (looked at); six is the right answer.
    expect(facesOf('faceapijs_bbt4__orient6.jpg')).toBe(6);
  });

  it('finds small faces and the faces of big photos', () => {
    expect(facesOf('deepface_person01_small_in_big_canvas.jpg')).toBe(1);
    expect(facesOf('faceapijs_bbt4_downscaled_320.jpg')).toBe(6);
    expect(facesOf('human_group13_upscaled_6000.jpg')).toBe(7);
    expect(facesOf('deepface_person04_48px.jpg')).toBe(1);
    expect(facesOf('faceapijs_bbt4_gray.png')).toBe(6);
  });

  it('handles odd file names and skips hidden files', () => {
    expect(facesOf('name with spaces.jpg')).toBe(1);
    expect(facesOf('ünïcödé_名前.jpg')).toBe(1);
    expect(facesOf('no_extension')).toBe(1);
    expect([...files.keys()].some((path) => path.endsWith('.hidden.jpg'))).toBe(false);
  });
});
