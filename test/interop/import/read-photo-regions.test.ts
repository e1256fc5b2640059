import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExifTool, type WriteTags } from 'exiftool-vendored';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPhotoRegions } from '../../../src/interop/import/read-photo-regions.js';
import { tempDir } from '../../support/cli.js';
import { dataset } from '../../support/shared.js';
import { xmpPacket, type MwgArea } from './xmp-text.js';

/*
 * readPhotoRegions on real files read by the real exiftool: sidecars laid out as digiKam, Lightroom and Windows Photo
 * Gallery write them, regions embedded in a JPEG, and a sidecar that is not valid XML. The photos are copies of a
 * data set photo in a temp folder.
 */
const SOURCE = dataset('small', 'deepface', 'person01', 'img1.jpg');
let dir: string;
let exiftool: ExifTool;

function photo(name: string): string {
  const file = join(dir, name);
  copyFileSync(SOURCE, file);
  return file;
}

/** The top-left box MWG's centred area stands for. */
const topLeft = (a: MwgArea) => ({ x: a.x - a.w / 2, y: a.y - a.h / 2, w: a.w, h: a.h });

function expectBox(actual: { x: number; y: number; w: number; h: number }, expected: { x: number; y: number; w: number; h: number }): void {
  for (const key of ['x', 'y', 'w', 'h'] as const) expect(actual[key]).toBeCloseTo(expected[key], 9);
}

beforeAll(() => {
  dir = tempDir('read-regions');
  exiftool = new ExifTool({ maxProcs: 1, useMWG: false });
});

afterAll(async () => {
  await exiftool.end();
});

describe('readPhotoRegions', () => {
  it('reads a digiKam sidecar (photo.jpg.xmp): MWG regions, unnamed ones counted, People/ tags without a region listed', async () => {
    const file = photo('digikam.jpg');
    const ann: MwgArea = { name: 'Ann Lee', x: 0.5, y: 0.4, w: 0.2, h: 0.3 };
    writeFileSync(`${file}.xmp`, xmpPacket({
      tagsList: ['People/Ann Lee', 'People/Bob Roe', 'People/Unknown', 'Places/Paris'],
      mwg: { applied: { w: 1382, h: 1868 }, regions: [ann, { x: 0.2, y: 0.2, w: 0.1, h: 0.1 }, { name: 'Rex', type: 'Pet', x: 0.8, y: 0.8, w: 0.1, h: 0.1 }] },
    }));
    const read = await readPhotoRegions(exiftool, file);
    expect(read.errors).toEqual([]);
    expect(read.regions).toHaveLength(1);
    expect(read.regions[0]).toMatchObject({ name: 'Ann Lee', format: 'mwg', file: `${file}.xmp` });
    expectBox(read.regions[0]!.box, topLeft(ann));
    expect(read.unnamed).toBe(1);
    expect(read.photoLevelNames).toEqual(['Bob Roe']);
  });

  it('reads a Lightroom sidecar named photo.xmp (the extension replaced)', async () => {
    const file = photo('lightroom.jpg');
    const area: MwgArea = { name: 'Cleo', x: 0.3, y: 0.6, w: 0.25, h: 0.2 };
    writeFileSync(join(dir, 'lightroom.xmp'), xmpPacket({ mwg: { applied: { w: 1382, h: 1868 }, regions: [area] } }));
    const read = await readPhotoRegions(exiftool, file);
    expect(read.errors).toEqual([]);
    expect(read.regions.map((r) => [r.name, r.file])).toEqual([['Cleo', join(dir, 'lightroom.xmp')]]);
    expectBox(read.regions[0]!.box, topLeft(area));
  });

  it("reads Microsoft's regions (MP:RegionInfo, MPReg:Rectangle top-left, PersonDisplayName), names kept exactly", async () => {
    const file = photo('wpg.jpg');
    const name = `O'Brien "Bob" & Zoë 山田`;
    writeFileSync(`${file}.xmp`, xmpPacket({ mp: [{ name, rectangle: '0.1, 0.2, 0.3, 0.25' }, { rectangle: '0.5, 0.5, 0.1, 0.1' }] }));
    const read = await readPhotoRegions(exiftool, file);
    expect(read.errors).toEqual([]);
    expect(read.regions).toEqual([{ name, box: { x: 0.1, y: 0.2, w: 0.3, h: 0.25 }, format: 'mp', file: `${file}.xmp` }]);
    expect(read.unnamed).toBe(1);
  });

  it('keeps names that look like numbers or booleans exactly as written', async () => {
    const file = photo('numeric.jpg');
    const names = ['1.50', '007', 'True', '1e3', '42'];
    writeFileSync(`${file}.xmp`, xmpPacket({
      mwg: { regions: names.slice(0, 3).map((name, i) => ({ name, x: 0.1 + 0.2 * i, y: 0.5, w: 0.1, h: 0.1 })) },
      mp: names.slice(3).map((name, i) => ({ name, rectangle: `${0.1 + 0.2 * i}, 0.1, 0.1, 0.1` })),
      tagsList: ['People/2.0'],
    }));
    const read = await readPhotoRegions(exiftool, file);
    expect(read.errors).toEqual([]);
    expect(read.regions.map((r) => r.name)).toEqual(names);
    expect(read.photoLevelNames).toEqual(['2.0']);
  });

  it('reads regions embedded in the photo, and counts a region written in several places once', async () => {
    const file = photo('embedded.jpg');
    const area = { X: 0.4, Y: 0.35, W: 0.3, H: 0.2, Unit: 'normalized' };
    const tags = { 'XMP-mwg-rs:RegionInfo': { RegionList: [{ Name: 'Dora', Type: 'Face', Area: area }] } } as unknown as WriteTags;
    await exiftool.write(file, tags, { writeArgs: ['-overwrite_original'] });
    const alone = await readPhotoRegions(exiftool, file);
    expect(alone.errors).toEqual([]);
    expect(alone.regions.map((r) => [r.name, r.file, r.format])).toEqual([['Dora', file, 'mwg']]);
    expectBox(alone.regions[0]!.box, { x: 0.25, y: 0.25, w: 0.3, h: 0.2 });

    // The same face in a sidecar too, in both forms (as facetag's export writes them), and one more person.
    writeFileSync(`${file}.xmp`, xmpPacket({
      mwg: { regions: [{ name: 'Dora', x: 0.4, y: 0.35, w: 0.3, h: 0.2 }, { name: 'Eve', x: 0.8, y: 0.2, w: 0.1, h: 0.1 }] },
      mp: [{ name: 'Dora', rectangle: '0.25, 0.25, 0.3, 0.2' }],
    }));
    const both = await readPhotoRegions(exiftool, file);
    expect(both.errors).toEqual([]);
    expect(both.regions.map((r) => r.name).sort()).toEqual(['Dora', 'Eve']);

    // The same name in another case is the same person (the catalog's rule), so still one region; another name is not.
    writeFileSync(`${file}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'DORA', x: 0.4, y: 0.35, w: 0.3, h: 0.2 }] }, mp: [{ name: 'Zed', rectangle: '0.25, 0.25, 0.3, 0.2' }] }));
    const cased = await readPhotoRegions(exiftool, file);
    expect(cased.regions.map((r) => r.name).sort()).toEqual(['Dora', 'Zed']);
  });

  it('counts an unnamed face written in both forms (as facetag and digiKam write them) once', async () => {
    const file = photo('unnamed.jpg');
    writeFileSync(`${file}.xmp`, xmpPacket({
      mwg: { regions: [{ x: 0.4, y: 0.35, w: 0.3, h: 0.2 }, { x: 0.8, y: 0.2, w: 0.1, h: 0.1 }] },
      mp: [{ rectangle: '0.25, 0.25, 0.3, 0.2' }, { rectangle: '0.75, 0.15, 0.1, 0.1' }],
    }));
    const read = await readPhotoRegions(exiftool, file);
    expect(read.errors).toEqual([]);
    expect(read.regions).toEqual([]);
    expect(read.unnamed).toBe(2);
  });

  it('names a sidecar that is not valid XML in its error and still reads the other sources', async () => {
    const file = photo('broken.jpg');
    const good = xmpPacket({ mwg: { regions: [{ name: 'Finn', x: 0.5, y: 0.5, w: 0.2, h: 0.2 }] } });
    writeFileSync(`${file}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Gone', x: 0.5, y: 0.5, w: 0.2, h: 0.2 }] } }).replace('</rdf:Bag>', ''));
    writeFileSync(join(dir, 'broken.xmp'), good);
    const read = await readPhotoRegions(exiftool, file);
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]).toContain(`${file}.xmp`);
    expect(read.regions.map((r) => r.name)).toEqual(['Finn']);
  });

  it('names a sidecar that is not XMP at all (cut short, or some other file)', async () => {
    const cut = photo('cut.jpg');
    writeFileSync(`${cut}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Half', x: 0.5, y: 0.5, w: 0.2, h: 0.2 }] } }).slice(0, 700));
    const html = photo('html.jpg');
    writeFileSync(`${html}.xmp`, '<html><body>not a sidecar</body></html>\n');
    for (const file of [cut, html]) {
      const read = await readPhotoRegions(exiftool, file);
      expect(read.errors).toHaveLength(1);
      expect(read.errors[0]).toContain(`${file}.xmp`);
      expect(read.regions).toEqual([]);
    }
  });

  it('reads nothing, and no error, for a photo without regions or sidecars', async () => {
    const read = await readPhotoRegions(exiftool, photo('plain.jpg'));
    expect(read).toEqual({ regions: [], unnamed: 0, photoLevelNames: [], errors: [] });
  });
});
