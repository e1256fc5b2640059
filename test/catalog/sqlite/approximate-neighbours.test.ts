import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/catalog.js';
import type { NeighbourBackend } from '../../../src/catalog/ann/approximate-search-settings.js';
import { DEFAULT_USEARCH, usearchIndexKind } from '../../../src/catalog/ann/usearch-index.js';
import { openDatabase } from '../../../src/catalog/sqlite/connection.js';
import { openSqliteCatalog } from '../../../src/catalog/sqlite/open-sqlite-catalog.js';
import type { SqliteCatalogOptions } from '../../../src/catalog/sqlite/sqlite-catalog.js';
import { clusteredFaces, makeFace, makeFaces, makeInput, PACK, randomUnitVector, seededRandom, shaOf } from '../catalog-fixtures.js';
import { SELF_KILLING_CHILD_GUARD } from '../../support/cli.js';
import { tempCatalogFiles } from './temp-catalog-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(here, '..', '..', '..');
const tempCatalogFile = tempCatalogFiles('facetag-ann-');

/** The index files saved beside a catalog file. */
function indexFiles(file: string): string[] {
  return readdirSync(dirname(file)).filter((name) => name.startsWith('catalog.db.faces-')).map((name) => join(dirname(file), name));
}

/** A catalog with the approximate index forced on, whose reports (builds, rebuilds) and backends are recorded. */
async function openObserved(file: string, settings: SqliteCatalogOptions['approximateSearch'] = { mode: 'on', minFaces: 0 }) {
  const reports: string[] = [];
  const backends: NeighbourBackend[] = [];
  const catalog = await openSqliteCatalog(file, {
    approximateSearch: settings,
    report: (message) => reports.push(message),
    onNeighbourSearch: (backend) => backends.push(backend),
  });
  return { catalog, reports, backends };
}

async function storePhotos(catalog: Catalog, from: number, count: number, dimensions = 32, seed = from): Promise<void> {
  const random = seededRandom(seed);
  for (let photo = from; photo < from + count; photo++) {
    await catalog.storePhoto(makeInput({ sha256: shaOf(photo + 1), path: `/p/${photo}.jpg`, faces: makeFaces(random, 4, dimensions) }));
  }
}

/** Every face of the pack, nearest first, by the exact scan on the same file: the truth an index must match. */
async function exactAnswers(file: string, queries: Float32Array[], k: number) {
  const exact = await openSqliteCatalog(file, { approximateSearch: { mode: 'off', minFaces: 0 } });
  try {
    return await Promise.all(queries.map((query) => exact.nearestFaces(query, PACK, k)));
  } finally {
    await exact.close();
  }
}

async function expectSameAsExact(catalog: Catalog, file: string, k: number): Promise<void> {
  const random = seededRandom(5);
  const queries = Array.from({ length: 5 }, () => randomUnitVector(random, 32));
  const expected = await exactAnswers(file, queries, k);
  for (const [q, query] of queries.entries()) {
    const actual = await catalog.nearestFaces(query, PACK, k);
    expect(actual.map((n) => n.faceId)).toEqual(expected[q]!.map((n) => n.faceId));
    actual.forEach((neighbour, i) => expect(neighbour.distance).toBeCloseTo(expected[q]![i]!.distance, 5));
  }
}

/** A catalog file of 10 photos (40 faces) whose index was built by a query and saved on close. */
async function catalogWithSavedIndex(): Promise<string> {
  const file = tempCatalogFile();
  const { catalog } = await openObserved(file);
  await storePhotos(catalog, 0, 10);
  await catalog.nearestFaces(randomUnitVector(seededRandom(1), 32), PACK, 3);
  await catalog.close();
  return file;
}

describe('approximate neighbour index of the SQLite catalog', () => {
  it('is used automatically once a pack reaches the threshold, and the exact scan answers below it', async () => {
    const { catalog, backends } = await openObserved(':memory:', { mode: 'auto', minFaces: 20 });
    await storePhotos(catalog, 0, 4);
    const query = randomUnitVector(seededRandom(1), 32);
    await catalog.nearestFaces(query, PACK, 3);
    expect(await catalog.neighbourSearch(PACK)).toEqual({ approximate: false, faces: 16 });
    await storePhotos(catalog, 4, 1);
    // Says what the next query will use, before any query has opened the index.
    expect(await catalog.neighbourSearch(PACK)).toEqual({ approximate: true, faces: 20 });
    await catalog.nearestFaces(query, PACK, 3);
    await catalog.close();
    expect(backends).toEqual(['exact', 'approximate']);
  });

  it('never uses the index when turned off, whatever the size', async () => {
    const { catalog, backends } = await openObserved(':memory:', { mode: 'off', minFaces: 0 });
    await storePhotos(catalog, 0, 5);
    await catalog.nearestFaces(randomUnitVector(seededRandom(1), 32), PACK, 3);
    expect(await catalog.neighbourSearch(PACK)).toEqual({ approximate: false, faces: 20 });
    await catalog.close();
    expect(backends).toEqual(['exact']);
  });

  it('says it searches approximately at any size when turned on', async () => {
    const { catalog } = await openObserved(':memory:', { mode: 'on', minFaces: 0 });
    await storePhotos(catalog, 0, 1);
    expect(await catalog.neighbourSearch(PACK)).toEqual({ approximate: true, faces: 4 });
    await catalog.close();
  });

  it('keeps no log of changes for an index no one follows, once closed', async () => {
    const file = tempCatalogFile();
    const { catalog } = await openObserved(file, { mode: 'off', minFaces: 0 });
    await storePhotos(catalog, 0, 3);
    await catalog.removeFiles(['/p/1.jpg']);
    await catalog.close();
    const db = openDatabase(file);
    try {
      expect(db.prepare('SELECT count(*) FROM face_vector_changes').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    const reopened = await openObserved(file);
    await expectSameAsExact(reopened.catalog, file, 8);
    await reopened.catalog.close();
  });

  it('saves its file beside the catalog and reopens it without a rebuild', async () => {
    const file = await catalogWithSavedIndex();
    expect(indexFiles(file)).toHaveLength(1);
    const second = await openObserved(file);
    await expectSameAsExact(second.catalog, file, 40);
    await second.catalog.close();
    expect(second.reports).toEqual([]);
  });

  it('sees faces another connection stored and removed since its last query', async () => {
    const file = tempCatalogFile();
    const reader = await openObserved(file);
    await storePhotos(reader.catalog, 0, 5);
    await reader.catalog.nearestFaces(randomUnitVector(seededRandom(1), 32), PACK, 3);
    const writer = await openSqliteCatalog(file, { approximateSearch: { mode: 'off', minFaces: 0 } });
    await storePhotos(writer, 5, 5);
    await writer.removeFiles(['/p/0.jpg', '/p/7.jpg']);
    await writer.close();
    await expectSameAsExact(reader.catalog, file, 40);
    await reader.catalog.close();
  });

  it('finds every face by its own embedding after a build and after reopening, even faces its graph does not reach', async () => {
    // Connectivity 4 leaves some faces out of the graph (facetag's settings leave a few on face-like data).
    const indexKind = usearchIndexKind({ ...DEFAULT_USEARCH, connectivity: 4, expansionAdd: 8 });
    const open = async () => {
      const reports: string[] = [];
      const catalog = await openSqliteCatalog(file, { approximateSearch: { mode: 'on', minFaces: 0 }, indexKind, report: (m) => reports.push(m) });
      return { catalog, reports };
    };
    const everyFaceFindsItself = async (catalog: Catalog) => {
      const faces = await catalog.listFacesWithEmbeddings(PACK);
      const missed: string[] = [];
      for (const face of faces) if ((await catalog.nearestFaces(face.embedding, PACK, 1))[0]?.faceId !== face.id) missed.push(face.id);
      return { faces: faces.length, missed };
    };
    const file = tempCatalogFile();
    const first = await open();
    const vectors = clusteredFaces(600, 64, seededRandom(21));
    for (let photo = 0; photo < 150; photo++) {
      const faces = vectors.slice(photo * 4, photo * 4 + 4).map((vector, i) => makeFace(i, vector));
      await first.catalog.storePhoto(makeInput({ sha256: shaOf(photo + 1), path: `/p/${photo}.jpg`, faces }));
    }
    expect(await everyFaceFindsItself(first.catalog)).toEqual({ faces: 600, missed: [] });
    await first.catalog.close();
    const apart = Number(/\((\d+) its graph does not reach/.exec(first.reports.join('\n'))?.[1]);
    expect(apart).toBeGreaterThan(0);

    const second = await open();
    expect(await everyFaceFindsItself(second.catalog)).toEqual({ faces: 600, missed: [] });
    await second.catalog.close();
    expect(second.reports).toEqual([]);
  });

  it('rebuilds a file saved before its faces were checked for reachability, saying so', async () => {
    const file = await catalogWithSavedIndex();
    const [indexFile] = indexFiles(file);
    const db = openDatabase(file);
    try {
      db.prepare('UPDATE approximate_indexes SET unreachable_nums = NULL').run();
    } finally {
      db.close();
    }
    const second = await openObserved(file);
    await expectSameAsExact(second.catalog, file, 40);
    await second.catalog.close();
    expect(second.reports).toEqual([
      `approximate index ${indexFile} was saved before its faces were checked for reachability; rebuilding it from the catalog`,
      expect.stringMatching(new RegExp(`^built approximate index ${indexFile}: 40 faces`)),
    ]);
  });

  it.each([
    ['truncated', (path: string) => writeFileSync(path, readFileSync(path).subarray(0, 1000))],
    ['overwritten with garbage', (path: string) => writeFileSync(path, Buffer.alloc(5000, 7))],
    ['deleted', (path: string) => rmSync(path)],
  ])('rebuilds an index file that was %s, saying so, and answers as exact', async (_, damage) => {
    const file = await catalogWithSavedIndex();
    const [indexFile] = indexFiles(file);
    damage(indexFile!);

    const second = await openObserved(file);
    await expectSameAsExact(second.catalog, file, 40);
    await second.catalog.close();
    expect(second.reports).toEqual([
      expect.stringMatching(new RegExp(`^approximate index ${indexFile}: .+; rebuilding it from the catalog$`)),
      expect.stringMatching(new RegExp(`^built approximate index ${indexFile}: 40 faces`)),
    ]);
    expect(existsSync(indexFile!)).toBe(true);
  });

  it('repairs its file after a kill in the middle of writes: nothing lost, no duplicates, answers as exact', async () => {
    const file = await catalogWithSavedIndex();

    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(here, '..', 'fixtures', 'kill-during-index-writes.ts'), file, '25'],
      { cwd: projectRoot, encoding: 'utf8', ...SELF_KILLING_CHILD_GUARD },
    );
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout.trim().split('\n').at(-1)).toBe('committed 24');

    const after = await openObserved(file);
    // 10 photos before, 25 committed by the child of which 8 removed again, 4 faces each.
    const faces = (await after.catalog.listFaces({ pack: PACK })).map((face) => face.id);
    expect(faces).toHaveLength((10 + 25 - 8) * 4);
    const all = await after.catalog.nearestFaces(randomUnitVector(seededRandom(2), 32), PACK, 500);
    expect(all.map((n) => n.faceId).sort()).toEqual([...faces].sort());
    await expectSameAsExact(after.catalog, file, 15);
    await after.catalog.close();
    expect(after.reports).toEqual([]);
  });
});
