import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExifTool, type Struct, type Tags } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/types.js';
import { writeXmpSidecars, type XmpSidecarProgress } from '../../src/interop/xmp-sidecar.js';
import { addPerson, addPhoto } from './catalog-fixtures.js';
import type { InteropTestCatalog } from './open-test-catalog.js';
import { closeTestCatalogs, openTestCatalog } from './open-test-catalog.js';

const SMALL = '/work/shared/datasets/small/face_recognition';
const SOURCES = {
  obama: path.join(SMALL, 'obama/obama1.jpg'),
  biden: path.join(SMALL, 'biden/train_biden.jpg'),
  noFaces: path.join(SMALL, 'obama/obama_small.jpg'),
};

const OBAMA_BOX: Box = { x: 600, y: 150, w: 280, h: 340 };
const OBAMA_UNKNOWN_BOX: Box = { x: 100, y: 400, w: 120, h: 130 };
const BIDEN_BOX: Box = { x: 40, y: 30, w: 90, h: 110 };
const STRANGER_BOX: Box = { x: 150, y: 40, w: 50, h: 60 };

interface Album {
  dir: string;
  obama: string;
  biden: string;
  noFaces: string;
  size: Record<'obama' | 'biden' | 'noFaces', { width: number; height: number }>;
}

let root: string;
let reader: ExifTool;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'facetag-xmp-'));
  reader = new ExifTool({ maxProcs: 1 });
});

afterAll(async () => {
  await reader.end();
  await rm(root, { recursive: true, force: true });
});

/** Copies of three real photos in a fresh temp folder: two with faces, one without. */
async function makeAlbum(name: string): Promise<Album> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  const album = { dir, obama: path.join(dir, 'obama.jpg'), biden: path.join(dir, 'biden.jpg'), noFaces: path.join(dir, 'no-faces.jpg') };
  const size = {} as Album['size'];
  for (const key of ['obama', 'biden', 'noFaces'] as const) {
    await copyFile(SOURCES[key], album[key]);
    const meta = await sharp(album[key]).metadata();
    size[key] = { width: meta.autoOrient.width, height: meta.autoOrient.height };
  }
  return { ...album, size };
}

/** Obama: a named face second in detection order and an unassigned one first. Biden: named, plus a hidden stranger. */
async function catalogFor(album: Album, obamaName = 'Barack Obama'): Promise<InteropTestCatalog> {
  const catalog = await openTestCatalog();
  const obama = await addPhoto(catalog, { path: album.obama, ...album.size.obama, faces: [{ box: OBAMA_UNKNOWN_BOX }, { box: OBAMA_BOX }] });
  const biden = await addPhoto(catalog, { path: album.biden, ...album.size.biden, faces: [{ box: BIDEN_BOX }, { box: STRANGER_BOX }] });
  await addPhoto(catalog, { path: album.noFaces, ...album.size.noFaces, faces: [] });
  await addPerson(catalog, obamaName, [obama[1]!]);
  await addPerson(catalog, 'Joe Biden', [biden[0]!]);
  await addPerson(catalog, 'Stranger', [biden[1]!], { hidden: true });
  return catalog;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function regionList(tags: Tags): Struct[] {
  return ((tags.RegionInfo as Struct | undefined)?.RegionList ?? []) as Struct[];
}

function mpRegions(tags: Tags): Struct[] {
  return ((tags.RegionInfoMP as Struct | undefined)?.Regions ?? []) as Struct[];
}

function expectMwgArea(region: Struct, box: Box, size: { width: number; height: number }) {
  const area = region.Area as Record<string, number | string>;
  expect(area.Unit).toBe('normalized');
  expect(area.X).toBeCloseTo((box.x + box.w / 2) / size.width, 5);
  expect(area.Y).toBeCloseTo((box.y + box.h / 2) / size.height, 5);
  expect(area.W).toBeCloseTo(box.w / size.width, 5);
  expect(area.H).toBeCloseTo(box.h / size.height, 5);
}

function expectMpRectangle(region: Struct, box: Box, size: { width: number; height: number }) {
  const numbers = String(region.Rectangle).split(',').map(Number);
  expect(numbers).toHaveLength(4);
  const expected = [box.x / size.width, box.y / size.height, box.w / size.width, box.h / size.height];
  numbers.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
}

describe('writeXmpSidecars', () => {
  let album: Album;

  beforeEach(async (context) => {
    album = await makeAlbum(context.task.name.replace(/\W+/g, '-'));
  });

  afterEach(async () => {
    await closeTestCatalogs();
    // Undo the read-only test's chmod so the temp folder can be removed.
    await chmod(album.dir, 0o755).catch(() => {});
  });

  it('writes MWG and Microsoft regions that exiftool reads back, next to each photo', async () => {
    const progress: XmpSidecarProgress[] = [];
    const report = await writeXmpSidecars(await catalogFor(album), { onProgress: (p) => progress.push(p) });

    expect(report).toEqual({ written: 2, skipped: 1, errors: [] });
    expect(progress.map((p) => [p.done, p.total, p.outcome])).toEqual([
      [1, 3, 'written'],
      [2, 3, 'skipped'],
      [3, 3, 'written'],
    ]);
    expect(await exists(`${album.noFaces}.xmp`)).toBe(false);

    const obama = await reader.read(`${album.obama}.xmp`);
    const info = obama.RegionInfo as Struct;
    expect(info.AppliedToDimensions).toEqual({ W: album.size.obama.width, H: album.size.obama.height, Unit: 'pixel' });
    const mwg = regionList(obama);
    expect(mwg.map((r) => [r.Name, r.Type])).toEqual([
      ['Barack Obama', 'Face'],
      [undefined, 'Face'],
    ]);
    expectMwgArea(mwg[0]!, OBAMA_BOX, album.size.obama);
    expectMwgArea(mwg[1]!, OBAMA_UNKNOWN_BOX, album.size.obama);
    const mp = mpRegions(obama);
    expect(mp.map((r) => r.PersonDisplayName)).toEqual(['Barack Obama', undefined]);
    expectMpRectangle(mp[0]!, OBAMA_BOX, album.size.obama);
    expectMpRectangle(mp[1]!, OBAMA_UNKNOWN_BOX, album.size.obama);

    const biden = await reader.read(`${album.biden}.xmp`);
    expect(regionList(biden).map((r) => r.Name)).toEqual(['Joe Biden']);
    expectMwgArea(regionList(biden)[0]!, BIDEN_BOX, album.size.biden);
    expect(mpRegions(biden).map((r) => r.PersonDisplayName)).toEqual(['Joe Biden']);
    expectMpRectangle(mpRegions(biden)[0]!, BIDEN_BOX, album.size.biden);
  });

  it("keeps a user's keywords and rating and replaces only the regions, however often it runs", async () => {
    const sidecar = `${album.obama}.xmp`;
    await reader.write(
      sidecar,
      {
        Subject: ['holiday', 'beach'],
        Rating: 4,
        RegionInfo: {
          AppliedToDimensions: { W: 100, H: 100, Unit: 'pixel' },
          RegionList: [1, 2, 3].map((i) => ({ Area: { X: 0.1 * i, Y: 0.5, W: 0.05, H: 0.05, Unit: 'normalized' }, Type: 'Face', Name: 'Old Name' })),
        },
      },
      { writeArgs: ['-overwrite_original'] },
    );
    const catalog = await catalogFor(album);

    await writeXmpSidecars(catalog);
    const report = await writeXmpSidecars(catalog);

    expect(report.errors).toEqual([]);
    const tags = await reader.read(sidecar);
    expect(tags.Subject).toEqual(['holiday', 'beach']);
    expect(tags.Rating).toBe(4);
    expect(regionList(tags).map((r) => r.Name)).toEqual(['Barack Obama', undefined]);
    expect((tags.RegionInfo as Struct).AppliedToDimensions).toMatchObject({ W: album.size.obama.width });
    expect(mpRegions(tags)).toHaveLength(2);
    // exiftool's `_original` backups would pile up next to the user's photos.
    expect((await readdir(album.dir)).filter((f) => f.includes('_original'))).toEqual([]);
  });

  it('keeps names with commas, braces, quotes and accents intact', async () => {
    const name = "Zoë O'Brien, Jr. {the [2nd]} | x";
    await writeXmpSidecars(await catalogFor(album, name));

    const tags = await reader.read(`${album.obama}.xmp`);
    expect(regionList(tags)[0]!.Name).toBe(name);
    expect(mpRegions(tags)[0]!.PersonDisplayName).toBe(name);
  });

  it('names sidecars photo.xmp when asked', async () => {
    const report = await writeXmpSidecars(await catalogFor(album), { naming: 'replace-extension' });

    expect(report.written).toBe(2);
    expect(await exists(path.join(album.dir, 'obama.xmp'))).toBe(true);
    expect(await exists(`${album.obama}.xmp`)).toBe(false);
    expect(regionList(await reader.read(path.join(album.dir, 'biden.xmp'))).map((r) => r.Name)).toEqual(['Joe Biden']);
  });

  it('mirrors the photo paths below outDir and writes nothing beside the photos', async () => {
    const outDir = path.join(root, 'out-' + path.basename(album.dir));

    const report = await writeXmpSidecars(await catalogFor(album), { outDir });

    expect(report).toEqual({ written: 2, skipped: 1, errors: [] });
    const mirrored = path.join(outDir, album.obama.slice(path.parse(album.obama).root.length) + '.xmp');
    expect(regionList(await reader.read(mirrored)).map((r) => r.Name)).toEqual(['Barack Obama', undefined]);
    expect((await readdir(album.dir)).filter((f) => f.endsWith('.xmp'))).toEqual([]);
  });

  it('omits unnamed faces when asked', async () => {
    await writeXmpSidecars(await catalogFor(album), { includeUnnamed: false });

    expect(regionList(await reader.read(`${album.obama}.xmp`)).map((r) => r.Name)).toEqual(['Barack Obama']);
  });

  it('reports a sidecar it cannot write, naming the file, and goes on with the others', async () => {
    // Works as root too, unlike a read-only folder: a directory stands where the sidecar should go.
    await mkdir(`${album.biden}.xmp`);

    const report = await writeXmpSidecars(await catalogFor(album));

    expect(report.written).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.path).toBe(album.biden);
    expect(report.errors[0]!.reason).toContain(`${album.biden}.xmp`);
    expect(regionList(await reader.read(`${album.obama}.xmp`))).toHaveLength(2);
  });

  it('reports a photo whose folder is gone and goes on with the others', async () => {
    const catalog = await catalogFor(album);
    const moved = path.join(album.dir, 'gone', 'obama.jpg');
    await addPhoto(catalog, { path: moved, ...album.size.obama, faces: [{ box: OBAMA_BOX }] });

    const report = await writeXmpSidecars(catalog);

    expect(report.written).toBe(2);
    expect(report.errors).toEqual([
      { path: moved, reason: expect.stringContaining(`Cannot write ${moved}.xmp: the folder ${path.dirname(moved)} does not exist`) },
    ]);
  });

  // Root writes into read-only folders anyway, so this runs only for other users; the tests above cover the same path.
  it.skipIf(process.getuid?.() === 0)('reports photos in a read-only folder and goes on with the others', async () => {
    const elsewhere = await makeAlbum('writable-' + path.basename(album.dir));
    const catalog = await catalogFor(album);
    await addPhoto(catalog, { path: elsewhere.obama, ...elsewhere.size.obama, faces: [{ box: OBAMA_BOX }] });
    await chmod(album.dir, 0o555);

    const report = await writeXmpSidecars(catalog);

    expect(report.written).toBe(1);
    expect(report.errors.map((e) => e.path).sort()).toEqual([album.biden, album.obama].sort());
    expect(report.errors[0]!.reason).toContain(`the folder ${album.dir} is read-only`);
    expect(await exists(`${elsewhere.obama}.xmp`)).toBe(true);
  });

  it('refuses to let two photos share one sidecar', async () => {
    const catalog = await catalogFor(album);
    const twin = path.join(album.dir, 'obama.png');
    await sharp(album.obama).png().toFile(twin);
    await addPhoto(catalog, { path: twin, ...album.size.obama, faces: [{ box: OBAMA_BOX }] });

    const report = await writeXmpSidecars(catalog, { naming: 'replace-extension' });

    expect(report.written).toBe(2);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.reason).toContain('obama.xmp');
  });
});
