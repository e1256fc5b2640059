import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, openLibrary, type FacetagLibrary } from '../../src/index.js';
import { tempDir } from '../support/cli.js';
import { dataset, SHARED_MODELS } from '../support/shared.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';

/*
 * The calls the CLI commands make through the library API (people, person, photos, status): on a copy of
 * small/deepface scanned with the default pack, each answer checked against another call that reaches the same
 * facts a different way.
 */
const env = { FACETAG_MODELS_PATH: SHARED_MODELS, FACETAG_JOBS: '2' };
let dir: string;
let lib: FacetagLibrary;

beforeEach(async () => {
  dir = scannedLibraryCopy('deepface', dataset('small', 'deepface'));
  lib = await openLibrary({ library: dir, env });
});

afterEach(() => lib.close());

const everyone = async () => (await lib.people({ limit: 1000 })).items;

describe('people as a user names them', () => {
  it('finds a person by id or by exact name ignoring case, hidden or not, and says how to find people otherwise', async () => {
    const [first, second] = await everyone();
    await (await lib.person(first!.id)).rename('Ada Lovelace');
    await (await lib.person(second!.id)).hide();

    expect((await lib.personByIdOrName('ada lovelace')).id).toBe(first!.id);
    expect((await lib.personByIdOrName(second!.id)).id).toBe(second!.id);
    expect(await lib.findPerson('ADA LOVELACE')).toMatchObject({ id: first!.id, name: 'Ada Lovelace' });
    expect(await lib.findPerson(second!.id)).toMatchObject({ id: second!.id, hidden: true });
    expect(await lib.findPerson('Ada')).toBeNull();

    const unknown = lib.personByIdOrName('Ada');
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    await expect(unknown).rejects.toThrow('no person "Ada" (use an id such as p12 or an exact name; see facetag people)');
  });

  it('lists everyone at once, most faces first, with a sample photo of each; hidden people only when asked', async () => {
    const people = await everyone();
    const hidden = people[1]!;
    await (await lib.person(hidden.id)).hide();

    const shown = await lib.allPeople();
    expect(shown.map((p) => p.id)).toEqual(people.filter((p) => p.id !== hidden.id).map((p) => p.id));
    const all = await lib.allPeople({ includeHidden: true });
    expect(all.map((p) => p.id).sort()).toEqual(people.map((p) => p.id).sort());
    expect(all.find((p) => p.id === hidden.id)).toMatchObject({ hidden: true, faces: hidden.faces, photos: hidden.photos });
    const faces = all.map((p) => p.faces);
    expect(faces).toEqual([...faces].sort((a, b) => b - a));
    for (const person of all.slice(0, 3)) {
      const paths = (await lib.photoRecordsShowing([person.id])).map((photo) => photo.path);
      expect(paths).toContain(person.samplePath);
    }
  });
});

describe('whole records of photos and faces', () => {
  it("a person's faces in photo order, each with its photo's path", async () => {
    const [person] = await everyone();
    const handle = await lib.person(person!.id);
    const faces = await handle.facesInPhotoOrder();
    expect(faces).toHaveLength(person!.faces);
    expect(new Set(faces.map((f) => f.id))).toEqual(new Set((await handle.faces({ limit: 1000 })).items.map((f) => f.id)));
    expect(faces.map((f) => f.photoId)).toEqual(faces.map((f) => f.photoId).sort());
    for (const face of faces) {
      expect(face).toMatchObject({ personId: person!.id, photoPath: (await lib.photo(face.photoId)).path });
    }
  });

  it('photos showing people, by path, with every field the catalog keeps; unknown people are NotFoundError', async () => {
    const [person] = await everyone();
    const records = await lib.photoRecordsShowing([person!.id, person!.id]);
    const page = await lib.photos({ people: [person!.id], limit: 1000 });
    expect(records.map((r) => r.sha256).sort()).toEqual(page.items.map((p) => p.id).sort());
    expect(records.map((r) => r.path)).toEqual(records.map((r) => r.path).sort());
    expect(records[0]).toMatchObject({ pack: await lib.pack(), format: expect.any(String) as string });
    await expect(lib.photoRecordsShowing([person!.id, 'p9999'])).rejects.toBeInstanceOf(NotFoundError);
  });

  it('the timeline as records is the timeline, photo for photo', async () => {
    const [person] = await everyone();
    const handle = await lib.person(person!.id);
    expect((await handle.timelineRecords()).map((r) => r.sha256)).toEqual((await handle.timeline()).map((p) => p.id));
  });
});

describe('summary and scan errors', () => {
  it('names where the library is and counts what it holds', async () => {
    const summary = await lib.summary();
    const people = await lib.allPeople({ includeHidden: true });
    expect(summary).toMatchObject({ library: dir, pack: await lib.pack() });
    expect(summary.catalog).toContain(dir);
    expect(summary.crops).toContain(dir);
    expect(summary.counts.people).toBe(people.length);
    expect(summary.counts.faces).toBe(people.reduce((sum, p) => sum + p.faces, 0) + (await lib.unassignedFaces({ limit: 1 })).total);
    expect(summary.lastRun?.root).toContain(dataset('small', 'deepface'));
  });

  it('a new library has no pack yet and no run; a scan with a broken file lists it with its reason', async () => {
    const photos = tempDir('api-errors-photos');
    mkdirSync(join(photos, 'set'));
    symlinkSync(dataset('small', 'deepface', 'person01', 'img1.jpg'), join(photos, 'set', 'one.jpg'));
    writeFileSync(join(photos, 'set', 'broken.jpg'), 'not a photo at all');
    const fresh = await openLibrary({ library: tempDir('api-errors-library'), env });
    try {
      expect(await fresh.summary()).toMatchObject({ pack: null, lastRun: null, counts: { photos: 0, errors: 0 } });
      expect(await fresh.scanErrors()).toEqual([]);
      const outcome = await fresh.scan([photos]);
      expect(outcome).toMatchObject({ analysed: 1, failed: 1, queued: false, failedJobs: 0 });
      const errors = await fresh.scanErrors();
      expect(errors.map((e) => e.path)).toEqual([join(photos, 'set', 'broken.jpg')]);
      expect(errors[0]!.reason).not.toBe('');
      expect((await fresh.summary()).counts).toMatchObject({ photos: 1, errors: 1 });
    } finally {
      await fresh.close();
    }
  });
});
