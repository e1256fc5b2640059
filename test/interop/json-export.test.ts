import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildJsonExport, writeJsonExport, writeJsonExportFile } from '../../src/interop/json-export.js';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { addPerson, addPhoto, sha256Of } from './catalog-fixtures.js';
import type { InteropTestCatalog } from './open-test-catalog.js';
import { closeTestCatalogs, openTestCatalog } from './open-test-catalog.js';

afterEach(closeTestCatalogs);

interface SmallLibrary {
  alice: string;
  bob: string;
  carol: string;
  nameless: string;
  dave: string;
}

/** Three photos, five people: named, hidden, without a name, and without faces. */
async function fillSmallLibrary(catalog: InteropTestCatalog): Promise<SmallLibrary> {
  const beach = await addPhoto(catalog, {
    path: '/lib/2024/beach.jpg',
    width: 4032,
    height: 3024,
    takenAt: '2024-05-01T12:00:00Z',
    faces: [
      { box: { x: 10.4, y: 19.6, w: 99.8, h: 120.2 }, score: 0.98 },
      { box: { x: 1000, y: 500, w: 200, h: 220 }, score: 0.91 },
      // Reaches past the right and bottom edges, as detector boxes do.
      { box: { x: 3950, y: 2950, w: 200, h: 200 }, score: 0.6 },
    ],
  });
  const party = await addPhoto(catalog, {
    path: '/lib/2023/party.jpg',
    width: 1000,
    height: 800,
    faces: [
      { box: { x: 100, y: 100, w: 80, h: 90 } },
      { box: { x: 300, y: 120, w: 70, h: 80 } },
      { box: { x: 500, y: 130, w: 60, h: 70 } },
    ],
  });
  await addPhoto(catalog, { path: '/lib/2023/empty.jpg', width: 640, height: 480, faces: [] });

  const alice = await addPerson(catalog, 'Alice', [beach[0]!]);
  await catalog.assignFaces([{ faceId: party[0]!, personId: alice, source: 'auto' }]);
  const bob = await addPerson(catalog, 'Bob', [beach[1]!], { source: 'auto' });
  const carol = await addPerson(catalog, 'Carol', [party[1]!], { hidden: true });
  const nameless = await addPerson(catalog, null, [party[2]!], { source: 'auto' });
  const dave = await addPerson(catalog, 'Dave', []);
  return { alice, bob, carol, nameless, dave };
}

describe('buildJsonExport', () => {
  let catalog: InteropTestCatalog;
  let people: SmallLibrary;
  let exported: LibraryExport;

  beforeEach(async () => {
    catalog = await openTestCatalog();
    people = await fillSmallLibrary(catalog);
    exported = await buildJsonExport(catalog);
  });

  it('validates against the schema', () => {
    const result = LibraryExportSchema.safeParse(exported);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(exported.version).toBe(1);
  });

  it('lists every photo once, sorted by path, with its metadata', () => {
    expect(exported.photos.map((p) => p.path)).toEqual(['/lib/2023/empty.jpg', '/lib/2023/party.jpg', '/lib/2024/beach.jpg']);
    const beach = exported.photos[2]!;
    expect(beach).toMatchObject({
      sha256: sha256Of('/lib/2024/beach.jpg'),
      width: 4032,
      height: 3024,
      takenAt: '2024-05-01T12:00:00Z',
    });
    expect(exported.photos[1]!.takenAt).toBeNull();
    expect(exported.photos[0]!.faces).toEqual([]);
  });

  it('gives whole-pixel boxes clamped to the photo, with the person of each face', () => {
    const beach = exported.photos[2]!;
    expect(beach.faces.map((f) => f.box)).toEqual([
      { x: 10, y: 20, w: 100, h: 120 },
      { x: 1000, y: 500, w: 200, h: 220 },
      { x: 3950, y: 2950, w: 82, h: 74 },
    ]);
    expect(beach.faces.map((f) => [f.personId, f.personName, f.source])).toEqual([
      [people.alice, 'Alice', 'user'],
      [people.bob, 'Bob', 'auto'],
      [null, null, null],
    ]);
    expect(beach.faces.map((f) => f.score)).toEqual([0.98, 0.91, 0.6]);
    expect(beach.faces.map((f) => f.index)).toEqual([0, 1, 2]);
  });

  it('includes hidden people, marked hidden, and counts faces and photos per person', () => {
    expect(exported.people).toEqual([
      { id: people.alice, name: 'Alice', hidden: false, faces: 2, photos: 2 },
      { id: people.bob, name: 'Bob', hidden: false, faces: 1, photos: 1 },
      { id: people.carol, name: 'Carol', hidden: true, faces: 1, photos: 1 },
      { id: people.nameless, name: null, hidden: false, faces: 1, photos: 1 },
      { id: people.dave, name: 'Dave', hidden: false, faces: 0, photos: 0 },
    ]);
    const party = exported.photos[1]!;
    expect(party.faces.map((f) => f.personName)).toEqual(['Alice', 'Carol', null]);
    expect(party.faces[2]!.personId).toBe(people.nameless);
  });

  it('follows a re-analysis with another pack: the new faces, and person counts that match them', async () => {
    await addPhoto(catalog, {
      path: '/lib/2024/beach.jpg',
      width: 4032,
      height: 3024,
      pack: 'newer-pack',
      faces: [{ box: { x: 12, y: 22, w: 98, h: 118 } }],
    });

    const latest = await buildJsonExport(catalog);

    const beach = latest.photos.find((p) => p.path === '/lib/2024/beach.jpg')!;
    expect(beach.faces.map((f) => [f.pack, f.personId])).toEqual([['newer-pack', null]]);
    expect(latest.people.find((p) => p.id === people.alice)).toMatchObject({ faces: 1, photos: 1 });
    expect(latest.people.find((p) => p.id === people.bob)).toMatchObject({ faces: 0, photos: 0 });
    expect(LibraryExportSchema.safeParse(latest).success).toBe(true);
  });
});

describe('LibraryExportSchema', () => {
  async function validExport(): Promise<LibraryExport> {
    const catalog = await openTestCatalog();
    await fillSmallLibrary(catalog);
    return buildJsonExport(catalog);
  }

  it('rejects fractional boxes', async () => {
    const bad = await validExport();
    bad.photos[2]!.faces[0]!.box.x = 10.5;
    expect(LibraryExportSchema.safeParse(bad).success).toBe(false);
  });

  it('rejects a person count that disagrees with the faces listed', async () => {
    const bad = await validExport();
    bad.people[0]!.faces += 1;
    expect(LibraryExportSchema.safeParse(bad).success).toBe(false);
  });

  it('rejects faces of people it does not list, and relative paths', async () => {
    const unknownPerson = await validExport();
    unknownPerson.people.splice(1, 1);
    expect(LibraryExportSchema.safeParse(unknownPerson).success).toBe(false);

    const relative = await validExport();
    relative.photos[0]!.path = 'lib/2023/empty.jpg';
    expect(LibraryExportSchema.safeParse(relative).success).toBe(false);
  });
});

/** Takes writes slowly and remembers how much was ever waiting in its buffer. */
class SlowSink extends Writable {
  readonly chunks: string[] = [];
  maxBuffered = 0;

  constructor() {
    super({ highWaterMark: 1024, decodeStrings: false });
  }

  override _write(chunk: string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.chunks.push(chunk);
    setImmediate(callback);
  }
}

describe('writeJsonExport', () => {
  it('streams exactly the JSON that buildJsonExport returns', async () => {
    const catalog = await openTestCatalog();
    await fillSmallLibrary(catalog);
    const sink = new SlowSink();

    const summary = await writeJsonExport(catalog, sink);

    expect(JSON.parse(sink.chunks.join(''))).toEqual(await buildJsonExport(catalog));
    expect(summary).toEqual({ photos: 3, faces: 6, people: 5 });
  });

  it('writes a large library in chunks and waits for a slow stream instead of buffering everything', async () => {
    const catalog = await openTestCatalog();
    for (let i = 0; i < 400; i++) {
      await addPhoto(catalog, {
        path: `/lib/bulk/${String(i).padStart(4, '0')}.jpg`,
        width: 2000,
        height: 1500,
        faces: [{ box: { x: 10, y: 10, w: 100, h: 100 } }, { box: { x: 500, y: 300, w: 120, h: 140 } }],
      });
    }
    const sink = new SlowSink();

    await writeJsonExport(catalog, sink);

    const text = sink.chunks.join('');
    expect(text.length).toBeGreaterThan(300_000);
    expect(sink.chunks.length).toBeGreaterThan(3);
    // Ignoring backpressure would queue the whole text in the stream.
    expect(sink.maxBuffered).toBeLessThan(100_000);
    expect(LibraryExportSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });
});

describe('writeJsonExportFile', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'facetag-json-export-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the export to the file', async () => {
    const catalog = await openTestCatalog();
    await fillSmallLibrary(catalog);
    const file = path.join(dir, 'library.json');

    await writeJsonExportFile(catalog, file);

    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(await buildJsonExport(catalog));
    expect(await readdir(dir)).toEqual(['library.json']);
  });

  it('leaves an earlier export untouched and no partial file when the catalog fails', async () => {
    const catalog = await openTestCatalog();
    await fillSmallLibrary(catalog);
    const file = path.join(dir, 'library.json');
    await writeFile(file, '{"earlier":true}');
    const failing = { ...catalog, listFaces: () => Promise.reject(new Error('catalog went away')) };

    await expect(writeJsonExportFile(failing, file)).rejects.toThrow('catalog went away');

    expect(await readFile(file, 'utf8')).toBe('{"earlier":true}');
    expect(await readdir(dir)).toEqual(['library.json']);
  });
});
