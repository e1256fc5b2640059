import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { mwgSidecarText, type PixelRegion } from '../interop/import/mwg-sidecar-text.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

/** The Scream: a painted face the default pack's detector does not find (hard/painted_face). */
const SCREAM = 'darknet_scream.jpg';
/** Munch's figure's head in the 352x448 painting, drawn by hand the way a user draws a face region. */
const HEAD: PixelRegion = { name: 'The Screamer', x: 160, y: 215, w: 55, h: 68 };
/** Smaller than the smallest face a scan keeps (8 px); and one mostly beyond the right edge. */
const TINY: PixelRegion = { name: 'Tiny', x: 20, y: 20, w: 5, h: 5 };
const OUTSIDE: PixelRegion = { name: 'Outside', x: 316, y: 100, w: 106, h: 60 };

function exportOf(env: NodeJS.ProcessEnv) {
  const result = runCli(['export', '--format', 'json'], env);
  expect(result.code, result.stderr).toBe(0);
  return LibraryExportSchema.parse(JSON.parse(result.stdout));
}

function cropFiles(library: string): string[] {
  try {
    return readdirSync(join(library, 'objects', 'crops')).sort();
  } catch {
    return [];
  }
}

describe('facetag import --add-faces (a face made from a region where none was found)', () => {
  it('embeds and names the region, stores its crop, skips bad regions, and a rerun adds nothing', async () => {
    const photos = tempDir('add-faces-photos');
    const photo = join(photos, SCREAM);
    copyFileSync(join(dataset('hard', 'painted_face'), SCREAM), photo);
    const { width, height } = await sharp(photo).metadata();
    expect([width, height]).toEqual([352, 448]);
    writeFileSync(`${photo}.xmp`, mwgSidecarText([HEAD, TINY, OUTSIDE], width!, height!));
    const library = tempDir('add-faces-library');
    const env = cliEnv(library);
    expect(runCli(['scan', photos], env).code).toBe(0);
    const scanned = exportOf(env);
    expect(scanned.photos[0]!.faces).toEqual([]);
    const cropsBefore = cropFiles(library);

    const dry = runCli(['import', photos, '--add-faces', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would: add face ${photo}: "The Screamer"`);
    expect(dry.stdout).toMatch(new RegExp(`no face: ${escape(photo)}: "Tiny" \\(region is too small for a face`));
    expect(dry.stdout).toMatch(new RegExp(`no face: ${escape(photo)}: "Outside" \\(region is outside the photo`));
    expect(dry.stdout).toMatch(/, 1 faces added \(dry run: nothing changed\)/);
    expect(exportOf(env)).toEqual(scanned);
    expect(cropFiles(library)).toEqual(cropsBefore);

    const run = runCli(['import', photos, '--add-faces'], env);
    expect(run.code, run.stderr).toBe(0);
    const sha16 = scanned.photos[0]!.sha256.slice(0, 16);
    const added = new RegExp(`added face (${sha16}\\.[^.]+(?:\\.[^.]+)*\\.0): ${escape(photo)}: "The Screamer"`).exec(run.stdout);
    expect(added, run.stdout).not.toBeNull();
    const id = added![1]!;
    expect(run.stdout).toContain('new person "The Screamer" with 1 face');
    expect(run.stdout).toMatch(/0 matched, 2 unmatched .*1 faces named.*, 1 faces added$/m);
    expect(run.stdout).toMatch(new RegExp(`no face: ${escape(photo)}: "Tiny"`));

    const after = exportOf(env);
    const faces = after.photos[0]!.faces;
    expect(faces.map((f) => f.id)).toEqual([id]);
    const face = faces[0]!;
    expect(face.personName).toBe('The Screamer');
    expect(face.source).toBe('user');
    for (const key of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(face.box[key] - HEAD[key])).toBeLessThanOrEqual(1);
    // Landmarks lie in the region: the eyes above the mouth, all five inside the drawn box.
    for (const [x, y] of face.landmarks) {
      expect(x).toBeGreaterThanOrEqual(HEAD.x);
      expect(x).toBeLessThanOrEqual(HEAD.x + HEAD.w);
      expect(y).toBeGreaterThanOrEqual(HEAD.y);
      expect(y).toBeLessThanOrEqual(HEAD.y + HEAD.h);
    }
    expect(face.landmarks[0]![1]).toBeLessThan(face.landmarks[3]![1]);
    expect(cropFiles(library)).toEqual([...cropsBefore, `${id}.jpg`].sort());
    const crop = await sharp(readFileSync(join(library, 'objects', 'crops', `${id}.jpg`))).metadata();
    expect([crop.format, crop.width, crop.height]).toEqual(['jpeg', 160, 160]);

    const again = runCli(['import', photos, '--add-faces'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('added face');
    expect(again.stdout).toMatch(/1 matched, 2 unmatched .*0 faces named, 1 already named so, 0 faces added$/m);
    expect(exportOf(env).photos[0]!.faces.map((f) => f.id)).toEqual([id]);
  });

  it('a photo edited since its scan is an error naming it, and nothing is stored for it', async () => {
    const photos = tempDir('edited-photos');
    const photo = join(photos, SCREAM);
    copyFileSync(join(dataset('hard', 'painted_face'), SCREAM), photo);
    writeFileSync(`${photo}.xmp`, mwgSidecarText([HEAD], 352, 448));
    const library = tempDir('edited-library');
    const env = cliEnv(library);
    expect(runCli(['scan', photos], env).code).toBe(0);
    const cropsBefore = cropFiles(library);
    // Edited in place: the same picture saved again, so other bytes than the scan hashed.
    writeFileSync(photo, await sharp(join(dataset('hard', 'painted_face'), SCREAM)).jpeg({ quality: 70 }).toBuffer());
    const run = runCli(['import', photos, '--add-faces'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: cannot add faces to ${photo}: ${photo} changed since it was scanned`);
    expect(run.stdout).toContain(`no face: ${photo}: "The Screamer"`);
    expect(run.stdout).toMatch(/, 0 faces added$/m);
    expect(exportOf(env).photos[0]!.faces).toEqual([]);
    expect(cropFiles(library)).toEqual(cropsBefore);
  });

  it('without --add-faces leaves the region unmatched and adds nothing', () => {
    const photos = tempDir('no-add-photos');
    const photo = join(photos, SCREAM);
    copyFileSync(join(dataset('hard', 'painted_face'), SCREAM), photo);
    writeFileSync(`${photo}.xmp`, mwgSidecarText([HEAD], 352, 448));
    const env = cliEnv(tempDir('no-add-library'));
    expect(runCli(['scan', photos], env).code).toBe(0);
    const run = runCli(['import', photos], env);
    expect(run.stdout).toContain(`no face: ${photo}: "The Screamer" (no face facetag found is at that region)`);
    expect(run.stdout).toMatch(/, 0 faces added$/m);
    expect(exportOf(env).photos[0]!.faces).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
