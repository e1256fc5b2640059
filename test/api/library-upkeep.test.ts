import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type FacetagLibrary } from '../../src/index.js';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { tempDir } from '../support/cli.js';
import { dataset, SHARED_MODELS } from '../support/shared.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';

/* Exports and re-clustering through the library API, on a copy of small/deepface scanned with the default pack. */
let lib: FacetagLibrary;

beforeEach(async () => {
  lib = await openLibrary({ library: scannedLibraryCopy('deepface', dataset('small', 'deepface')), env: { FACETAG_MODELS_PATH: SHARED_MODELS } });
});

afterEach(() => lib.close());

async function exportedText(): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await lib.exportJson(out);
  return Buffer.concat(chunks).toString('utf8');
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('exports', () => {
  it('writes the same JSON export to a stream and to a file, counting what it wrote', async () => {
    const file = join(tempDir('api-export'), 'library.json');
    const summary = await lib.exportJson(file);
    const fromFile = LibraryExportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(LibraryExportSchema.parse(JSON.parse(await exportedText()))).toEqual(fromFile);
    expect(summary).toEqual({
      photos: fromFile.photos.length,
      faces: fromFile.photos.reduce((sum, p) => sum + p.faces.length, 0),
      people: fromFile.people.length,
    });
    expect(fromFile.people.map((p) => p.id).sort()).toEqual((await lib.allPeople({ includeHidden: true })).map((p) => p.id).sort());
  });

  it('writes one XMP sidecar per photo with faces below outDir', async () => {
    const exported = LibraryExportSchema.parse(JSON.parse(await exportedText()));
    const outDir = tempDir('api-xmp');
    const report = await lib.exportXmp({ outDir });
    const withFaces = exported.photos.filter((p) => p.faces.length > 0).length;
    expect(report).toEqual({ written: withFaces, skipped: exported.photos.length - withFaces, errors: [] });
    expect(filesBelow(outDir).filter((f) => f.endsWith('.xmp'))).toHaveLength(withFaces);
  });
});

describe('recluster', () => {
  it("groups the automatic faces again and keeps the user's name and split", async () => {
    const [biggest] = (await lib.people()).items;
    const person = await lib.person(biggest!.id);
    await person.rename('Kept Name');
    const [splitFace] = (await person.faces()).items;
    const splitOff = await person.split([splitFace!.id]);

    const outcome = await lib.recluster();
    expect(outcome).not.toBeNull();
    expect(outcome!.unassigned).toBe((await lib.unassignedFaces({ limit: 1 })).total);
    expect(await (await lib.person(biggest!.id)).info()).toMatchObject({ name: 'Kept Name' });
    expect((await lib.face(splitFace!.id)).personId).toBe(splitOff.id);
  });
});
