import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../../src/domain/types.js';
import { LibraryExportSchema } from '../../../src/interop/json-export-schema.js';
import { matchRegions } from '../../../src/interop/import/match-regions.js';
import { readPhotoRegions } from '../../../src/interop/import/read-photo-regions.js';
import { cliEnv, runCli, tempDir } from '../../support/cli.js';
import { dataset } from '../../support/shared.js';
import { face } from './fixtures.js';
import { xmpPacket } from './xmp-text.js';

/*
 * Photos stored on their side with an EXIF orientation that shows them upright (6 and 8), made with sharp from a real
 * face photo: the region a program writes on the photo as shown must land on the face facetag detects in it (facetag
 * scans, as a user would, with the real models). The upright original gives where the face is on the shown photo.
 */
const SOURCE = dataset('small', 'deepface', 'person01', 'img1.jpg');
/** sharp turns clockwise; the stored pixels are the shown photo turned back the other way. */
const STORED_TURN: Record<number, number> = { 6: 270, 8: 90 };

let dir: string;
let exiftool: ExifTool;
let scanned: ReturnType<typeof LibraryExportSchema.parse>;

function photoAt(file: string) {
  const found = scanned.photos.find((p) => p.path === file);
  if (!found) throw new Error(`${file} was not scanned`);
  return found;
}

/** The largest face facetag found in the photo, in fractions of the photo as shown. */
function mainFace(file: string): Box {
  const photo = photoAt(file);
  const biggest = [...photo.faces].sort((a, b) => b.box.w * b.box.h - a.box.w * a.box.h)[0]!;
  return { x: biggest.box.x / photo.width, y: biggest.box.y / photo.height, w: biggest.box.w / photo.width, h: biggest.box.h / photo.height };
}

/** Where a point of the shown photo is on the stored pixels (both in fractions), for the stored-pixel MWG lists. */
function shownToStored([x, y]: [number, number], orientation: number): [number, number] {
  // Orientation 6: the shown photo is the stored one turned a quarter clockwise, so stored (u, v) shows at (1 - v, u).
  return orientation === 6 ? [y, 1 - x] : [1 - y, x];
}

beforeAll(async () => {
  dir = tempDir('orientation');
  exiftool = new ExifTool({ maxProcs: 1, useMWG: false });
  copyFileSync(SOURCE, join(dir, 'upright.jpg'));
  for (const orientation of [6, 8]) {
    await sharp(SOURCE).rotate(STORED_TURN[orientation]).withMetadata({ orientation }).jpeg({ quality: 95 }).toFile(join(dir, `turned${orientation}.jpg`));
  }
  const library = tempDir('orientation-library');
  const scan = runCli(['scan', dir], cliEnv(library));
  expect(scan.code, scan.stderr).toBe(0);
  const exported = runCli(['export', '--format', 'json'], cliEnv(library));
  expect(exported.code, exported.stderr).toBe(0);
  scanned = LibraryExportSchema.parse(JSON.parse(exported.stdout));
});

afterAll(async () => {
  await exiftool.end();
});

describe('readPhotoRegions on photos stored on their side', () => {
  it.each([6, 8])('the made photo (orientation %i) shows the original upright', async (orientation) => {
    const file = join(dir, `turned${orientation}.jpg`);
    const original = await sharp(SOURCE).metadata();
    const stored = await sharp(file).metadata();
    expect(stored.orientation).toBe(orientation);
    expect([stored.width, stored.height]).toEqual([original.height, original.width]);
    // facetag sees it upright: the original's size, its face where the original's is.
    expect([photoAt(file).width, photoAt(file).height]).toEqual([original.width, original.height]);
  });

  it.each([6, 8])('a region written on the shown photo (orientation %i) matches the face facetag found there', async (orientation) => {
    const file = join(dir, `turned${orientation}.jpg`);
    const shown = mainFace(join(dir, 'upright.jpg'));
    writeFileSync(`${file}.xmp`, xmpPacket({
      mwg: { applied: { w: photoAt(file).width, h: photoAt(file).height }, regions: [{ name: 'Shown', x: shown.x + shown.w / 2, y: shown.y + shown.h / 2, w: shown.w, h: shown.h }] },
    }));
    await expectMatchesMainFace(file, 'Shown');
  });

  it.each([6, 8])('a list measured on the stored pixels (orientation %i, AppliedToDimensions of the stored shape) is turned upright', async (orientation) => {
    const file = join(dir, `turned${orientation}.jpg`);
    const shown = mainFace(join(dir, 'upright.jpg'));
    const [u1, v1] = shownToStored([shown.x, shown.y], orientation);
    const [u2, v2] = shownToStored([shown.x + shown.w, shown.y + shown.h], orientation);
    const stored = { x: Math.min(u1, u2), y: Math.min(v1, v2), w: Math.abs(u2 - u1), h: Math.abs(v2 - v1) };
    const { width, height } = await sharp(file).metadata();
    writeFileSync(`${file}.xmp`, xmpPacket({
      mwg: { applied: { w: width!, h: height! }, regions: [{ name: 'Stored', x: stored.x + stored.w / 2, y: stored.y + stored.h / 2, w: stored.w, h: stored.h }] },
    }));
    await expectMatchesMainFace(file, 'Stored');
  });
});

async function expectMatchesMainFace(file: string, name: string): Promise<void> {
  const photo = photoAt(file);
  const read = await readPhotoRegions(exiftool, file);
  expect(read.errors).toEqual([]);
  expect(read.regions.map((r) => r.name)).toEqual([name]);
  const faces = photo.faces.map((f) => face(f.id, f.box));
  const [matched] = matchRegions(read.regions, faces, photo.width, photo.height);
  const main = mainFace(file);
  const expectedId = photo.faces.find((f) => Math.abs(f.box.x / photo.width - main.x) < 1e-9 && Math.abs(f.box.y / photo.height - main.y) < 1e-9)!.id;
  expect(matched!.face?.id).toBe(expectedId);
  console.log(`${file} (${name}): IoU ${matched!.iou.toFixed(3)} with the face facetag found`);
  // The same pixels shown the same way (re-encoded once): the detector's box barely moves.
  expect(matched!.iou).toBeGreaterThan(0.9);
}
