import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faceId, type Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { constraintKey } from '../../src/library/catalog-records.js';
import { compareCatalogs } from '../../src/library/compare-catalogs.js';
import { SYNC_MARKER, syncCatalog } from '../../src/library/sync-catalog.js';
import { makeFace, makeFaces, makeInput, OTHER_PACK, PACK, randomUnitVector, seededRandom, shaOf } from '../catalog/catalog-fixtures.js';

/*
 * The copy behind `facetag graph sync`, between two SQLite catalogs (the Neo4j side is covered end to end in
 * test/cli/graph-sync.test.ts): every kind of record arrives, a non-empty target is refused unless replaced, and an
 * interrupted copy finishes when run again.
 */

const names = { sourceName: '/libraries/source/catalog.sqlite', targetName: 'bolt://graph.example:7687' };

let source: Catalog;
let target: Catalog;

beforeEach(async () => {
  source = await openSqliteCatalog(':memory:');
  target = await openSqliteCatalog(':memory:');
  await fillSource(source);
});

afterEach(async () => {
  await source.close();
  await target.close();
});

/** Every kind of record a library holds, including the awkward ones. */
async function fillSource(catalog: Catalog): Promise<void> {
  const random = seededRandom(7);
  await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/lib/a.jpg', faces: makeFaces(random, 3, 16), size: 1000, mtimeMs: 1_700_000_000_123.5 }));
  // The same content at a second path, with its own size and time.
  await catalog.linkFile({ path: '/lib/copies/a.jpg', sha256: shaOf(1), size: 1001, mtimeMs: 1_600_000_000_000.25 });
  await catalog.storePhoto(
    makeInput({
      sha256: shaOf(2),
      path: '/lib/b.png',
      faces: [makeFace(0, randomUnitVector(random, 16), 0.3), makeFace(1, randomUnitVector(random, 16), 0.95)],
      meta: { takenAt: null, gps: null, camera: null, format: 'png', width: 640, height: 480 },
    }),
  );
  await catalog.storePhoto(makeInput({ sha256: shaOf(3), path: '/lib/empty.jpg' }));
  await catalog.storePhoto(makeInput({ sha256: shaOf(4), path: '/lib/other-pack.jpg', pack: OTHER_PACK, faces: makeFaces(random, 1, 24) }));

  const ada = await catalog.createPerson('Ada'); // p1
  const gone = await catalog.createPerson(); // p2, deleted below: a gap in the ids
  const bob = await catalog.createPerson('Bob'); // p3
  const shy = await catalog.createPerson(); // p4, hidden
  await catalog.deletePerson(gone);
  await catalog.setHidden(shy, true);
  await catalog.assignFaces([
    { faceId: faceId(shaOf(1), PACK, 0), personId: ada, source: 'user' },
    { faceId: faceId(shaOf(1), PACK, 1), personId: bob, source: 'auto' },
    { faceId: faceId(shaOf(1), PACK, 2), personId: null, source: 'user' }, // the user's "nobody"
    { faceId: faceId(shaOf(2), PACK, 0), personId: shy, source: 'auto' },
    { faceId: faceId(shaOf(2), PACK, 1), personId: ada, source: 'auto' },
    { faceId: faceId(shaOf(4), OTHER_PACK, 0), personId: bob, source: 'user' },
  ]);
  await catalog.addConstraint({ kind: 'not-person', faceId: faceId(shaOf(2), PACK, 0), personId: bob });
  await catalog.addConstraint({ kind: 'different-people', personA: bob, personB: ada });
  const common = { evidence: ['folder lib'], confidence: 0.6, model: 'm', promptVersion: 'person-v1', promptTokens: 10, completionTokens: 2, ms: 30.5 };
  const [, rejected] = await catalog.addSuggestions([
    { ...common, target: { type: 'person', id: shy }, kind: 'name', value: 'Shy One' },
    { ...common, target: { type: 'person', id: shy }, kind: 'name', value: 'Not Shy' },
  ]);
  await catalog.addSuggestions([{ ...common, target: { type: 'photo', id: shaOf(2) }, kind: 'caption', value: 'a png', evidence: [] }]);
  await catalog.decideSuggestion(rejected!, 'rejected');
  await catalog.recordError('/lib/broken.jpg', 'truncated JPEG', '2024-03-01T10:00:00.000Z');
  await catalog.recordError('/lib/huge.tif', 'more than 200 million pixels');
  await catalog.setSetting('pack', PACK);
  await catalog.setSetting('calibration', '{"threshold":0.42}');
}

/** Everything the Catalog interface shows, embeddings included, in a stable order. */
async function everything(catalog: Catalog) {
  const embeddings = async (pack: string) =>
    (await catalog.listFacesWithEmbeddings(pack)).map((face) => [face.id, Array.from(face.embedding)] as const);
  return {
    photos: await catalog.listPhotos(),
    files: await catalog.listFiles(''),
    faces: await catalog.listFaces(),
    embeddings: [await embeddings(PACK), await embeddings(OTHER_PACK)],
    people: await catalog.listPeople({ includeHidden: true }),
    constraints: (await catalog.listConstraints()).map(constraintKey).sort(),
    suggestions: await catalog.listSuggestions(),
    errors: await catalog.listErrors(),
    settings: await catalog.listSettings(),
    counts: await catalog.counts(),
  };
}

/** Wraps a catalog so that one method fails from its nth call on, as a killed process would stop there. */
function failingFrom(catalog: Catalog, method: keyof Catalog, nth: number): Catalog {
  let calls = 0;
  return new Proxy(catalog, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (property !== method || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        calls++;
        if (calls >= nth) throw new Error(`simulated crash in ${method}`);
        return (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
      };
    },
  });
}

describe('copying a library (graph sync)', () => {
  it('copies every photo, path, face, embedding, person, assignment, constraint, error and setting', async () => {
    const summary = await syncCatalog(source, target, names);

    const [want, got] = [await everything(source), await everything(target)];
    expect(got).toEqual(want);
    // The fixtures really hold what the test claims to cover.
    expect(got.files.filter((file) => file.sha256 === shaOf(1)).map((file) => file.path)).toEqual(['/lib/a.jpg', '/lib/copies/a.jpg']);
    expect(got.people.map(({ id, name, hidden }) => ({ id, name, hidden }))).toEqual(
      expect.arrayContaining([
        { id: 'p1', name: 'Ada', hidden: false },
        { id: 'p3', name: 'Bob', hidden: false },
        { id: 'p4', name: null, hidden: true },
      ]),
    );
    expect(got.people).toHaveLength(3);
    expect(got.faces.find((face) => face.id === faceId(shaOf(1), PACK, 2))).toMatchObject({ personId: null, source: 'user' });
    expect(got.faces.filter((face) => face.source === 'user')).toHaveLength(3);
    expect(got.constraints).toHaveLength(2);
    expect(got.suggestions.map((s) => [s.target.id, s.value, s.status])).toEqual([
      ['p4', 'Shy One', 'pending'],
      ['p4', 'Not Shy', 'rejected'],
      [shaOf(2), 'a png', 'pending'],
    ]);
    expect(got.errors.find((error) => error.path === '/lib/broken.jpg')!.at).toBe('2024-03-01T10:00:00.000Z');
    expect(got.embeddings[0]).toHaveLength(5);
    expect(got.embeddings[1]).toHaveLength(1);
    expect(got.settings).toEqual(new Map([['calibration', '{"threshold":0.42}'], ['pack', PACK]]));

    expect(summary).toEqual({
      photos: 4,
      files: 5,
      faces: 6,
      people: 3,
      assignments: 6,
      constraints: 2,
      suggestions: 3,
      errors: 2,
      settings: 2,
      photosAlreadyThere: 0,
      resumed: false,
      cleared: false,
    });
    expect(await target.getSetting(SYNC_MARKER)).toBeNull();
    // New people in the copy get ids above the copied ones; the gap (p2) is not filled by renumbering.
    expect(await target.createPerson()).toBe('p5');
  });

  it('refuses a target that holds anything, naming it and what it holds, and writes nothing', async () => {
    await target.storePhoto(makeInput({ sha256: shaOf(9), path: '/elsewhere/z.jpg', faces: makeFaces(seededRandom(1), 2) }));
    await target.createPerson('Zed');
    const before = await everything(target);

    await expect(syncCatalog(source, target, names)).rejects.toThrow(
      `${names.targetName} is not empty: it holds 1 photos, 2 faces, 1 people, 1 paths; add --replace`,
    );
    expect(await everything(target)).toEqual(before);
  });

  it('with replace, empties the target first: nothing of its old content stays', async () => {
    await target.storePhoto(makeInput({ sha256: shaOf(9), path: '/elsewhere/z.jpg', faces: makeFaces(seededRandom(1), 2) }));
    await target.storePhoto(makeInput({ sha256: shaOf(1), path: '/elsewhere/a-moved.jpg', faces: makeFaces(seededRandom(2), 3, 16) }));
    const zed = await target.createPerson('Zed');
    await target.setHidden(zed, true);
    await target.recordError('/elsewhere/bad.jpg', 'broken');
    await target.setSetting('stale', 'yes');

    const summary = await syncCatalog(source, target, { ...names, replace: true });
    expect(summary.cleared).toBe(true);
    expect(await everything(target)).toEqual(await everything(source));
    expect(await target.findPerson('Zed')).toBeNull();
  });

  it('finishes an interrupted copy when run again, without duplicates, whatever step it stopped at', async () => {
    const steps: [keyof Catalog, number][] = [
      ['storePhotos', 2],
      ['importPeople', 1],
      ['assignFaces', 1],
      ['addConstraint', 2],
      ['recordError', 2],
      ['setSetting', 3],
      ['deleteSetting', 1],
    ];
    for (const [method, nth] of steps) {
      await target.close();
      target = await openSqliteCatalog(':memory:');
      await expect(syncCatalog(source, failingFrom(target, method, nth), { ...names, batchSize: 2 }), method).rejects.toThrow(
        `simulated crash in ${method}`,
      );
      expect(await target.getSetting(SYNC_MARKER), method).not.toBeNull();

      const resumed = await syncCatalog(source, target, names);
      expect(resumed.resumed, method).toBe(true);
      expect(await everything(target), method).toEqual(await everything(source));
      expect(await target.getSetting(SYNC_MARKER), method).toBeNull();
    }
  });

  it('skips the photos an interrupted copy already stored', async () => {
    await expect(syncCatalog(source, failingFrom(target, 'storePhotos', 4), { ...names, batchSize: 1 })).rejects.toThrow(/simulated/);
    expect((await target.counts()).photos).toBe(3);
    const resumed = await syncCatalog(source, target, names);
    expect(resumed.photosAlreadyThere).toBe(3);
    expect(await everything(target)).toEqual(await everything(source));
  });

  it('finishes an interrupted replace, emptying the rest of the old content', async () => {
    for (let i = 0; i < 3; i++) await target.storePhoto(makeInput({ sha256: shaOf(20 + i), path: `/old/${i}.jpg` }));
    await target.createPerson('Old');
    await expect(syncCatalog(source, failingFrom(target, 'deletePerson', 1), { ...names, replace: true })).rejects.toThrow(/simulated/);
    // Rerun exactly as typed: the marker says the emptying had not finished, so it empties again, then copies.
    const resumed = await syncCatalog(source, target, { ...names, replace: true });
    expect(resumed).toMatchObject({ resumed: true, cleared: true });
    expect(await everything(target)).toEqual(await everything(source));
  });

  it('stops between photos when aborted, and the rerun completes', async () => {
    const abort = new AbortController();
    const run = syncCatalog(source, target, {
      ...names,
      batchSize: 1,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'photos' && p.done === 2) abort.abort(new Error('interrupted by the user'));
      },
    });
    await expect(run).rejects.toThrow('interrupted by the user');
    expect((await target.counts()).photos).toBe(2);
    await syncCatalog(source, target, names);
    expect(await everything(target)).toEqual(await everything(source));
  });

  it('refuses to resume into a target left unfinished by another source, unless replacing', async () => {
    await expect(syncCatalog(source, failingFrom(target, 'importPeople', 1), names)).rejects.toThrow(/simulated/);
    const other = { ...names, sourceName: '/libraries/other/catalog.sqlite' };
    await expect(syncCatalog(source, target, other)).rejects.toThrow(
      `${names.targetName} holds an unfinished sync from ${names.sourceName}: run that sync again to finish it, or add --replace`,
    );
    await syncCatalog(source, target, { ...other, replace: true });
    expect(await everything(target)).toEqual(await everything(source));
  });

  it('refuses to copy from an unfinished copy', async () => {
    await source.setSetting(SYNC_MARKER, JSON.stringify({ from: 'bolt://elsewhere:7687', phase: 'copying', replace: false, startedAt: '' }));
    await expect(syncCatalog(source, target, names)).rejects.toThrow(/is itself an unfinished copy of bolt:\/\/elsewhere:7687/);
    expect(await target.counts()).toEqual({ photos: 0, faces: 0, people: 0, files: 0, errors: 0 });
  });

  it('fails, keeping the marker, when the source changed since the interruption; replace copies afresh', async () => {
    await expect(syncCatalog(source, failingFrom(target, 'importPeople', 1), names)).rejects.toThrow(/simulated/);
    await source.removeFiles(['/lib/empty.jpg']);
    await source.renamePerson('p1', 'Ada Lovelace');

    await expect(syncCatalog(source, target, names)).rejects.toThrow(/does not match .*counts differ.*photos differ.*Run the sync again with --replace/);
    expect(await target.getSetting(SYNC_MARKER)).not.toBeNull();

    const fresh = await syncCatalog(source, target, { ...names, replace: true });
    expect(fresh.cleared).toBe(true);
    expect(await everything(target)).toEqual(await everything(source));
    expect(await compareCatalogs(source, target)).toEqual([]);
  });

  it('compares catalogs record by record', async () => {
    await syncCatalog(source, target, names);
    await target.renamePerson('p4', 'Shy');
    await target.recordError('/lib/broken.jpg', 'truncated JPEG');
    const differences = await compareCatalogs(source, target);
    expect(differences).toHaveLength(2);
    expect(differences[0]).toMatch(/^people differ .*Shy/);
    expect(differences[1]).toMatch(/^scan errors differ/);
  });

  it('refuses to copy a catalog into itself', async () => {
    await expect(syncCatalog(source, source, { ...names, targetName: names.sourceName })).rejects.toThrow(/into itself/);
  });
});
