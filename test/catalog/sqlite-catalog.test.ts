import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { faceId } from '../../src/catalog/catalog.js';
import { openDatabase, type SqliteDatabase } from '../../src/catalog/sqlite/connection.js';
import { LATEST_SCHEMA_VERSION, migrate, MIGRATIONS, readSchemaVersion, type Migration } from '../../src/catalog/sqlite/migrations.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { describeAddFacesContract } from './add-faces-contract.js';
import { describeCatalogContract } from './catalog-contract.js';
import { makeFaces, makeInput, OTHER_PACK, PACK, randomUnitVector, seededRandom, shaOf } from './catalog-fixtures.js';
import { SELF_KILLING_CHILD_GUARD } from '../support/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(here, '..', '..');
const tempDirs: string[] = [];

function tempCatalogFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'facetag-catalog-'));
  tempDirs.push(dir);
  return join(dir, 'catalog.db');
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describeCatalogContract('sqlite in memory', () => openSqliteCatalog(':memory:'));
describeCatalogContract('sqlite file', () => openSqliteCatalog(tempCatalogFile()));
describeAddFacesContract('sqlite in memory', () => openSqliteCatalog(':memory:'));

/** A second connection to inspect (or sabotage) a catalog file from outside the Catalog interface. */
function withRawConnection<T>(file: string, fn: (db: SqliteDatabase) => T): T {
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function tableNames(db: SqliteDatabase): string[] {
  return db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
}

/** Per vector index: rows in the vec0 table and faces that point at it. */
function vectorRowCounts(db: SqliteDatabase): { index: number; vectors: number; faces: number }[] {
  const indexes = db.prepare<[], number>('SELECT id FROM vector_indexes ORDER BY id').pluck().all();
  return indexes.map((index) => ({
    index,
    vectors: db.prepare<[], number>(`SELECT count(*) FROM face_vectors_${index}`).pluck().get()!,
    faces: db.prepare<[number], number>('SELECT count(*) FROM faces WHERE vector_index = ?').pluck().get(index)!,
  }));
}

describe('SQLite catalog', () => {
  describe('migrations', () => {
    it('creates the latest schema in a fresh file and records its history', async () => {
      const file = tempCatalogFile();
      await (await openSqliteCatalog(file)).close();
      withRawConnection(file, (db) => {
        expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
        expect(db.prepare<[], number>('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual(
          MIGRATIONS.map((migration) => migration.version),
        );
        expect(tableNames(db)).toEqual(
          expect.arrayContaining(['constraints', 'errors', 'faces', 'files', 'people', 'photos', 'runs', 'schema_version']),
        );
      });
    });

    it('reopens a file without migrating again and keeps the data, vector index included', async () => {
      const file = tempCatalogFile();
      const faces = makeFaces(seededRandom(1), 4, 64);
      const first = await openSqliteCatalog(file);
      await first.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces }));
      const person = await first.createPerson('Ada');
      await first.assignFaces([{ faceId: faceId(shaOf(1), PACK, 2), personId: person, source: 'user' }]);
      await first.close();

      withRawConnection(file, (db) => {
        expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
        expect(db.prepare<[], number>('SELECT count(*) FROM schema_version').pluck().get()).toBe(MIGRATIONS.length);
      });

      const second = await openSqliteCatalog(file);
      expect(await second.findPerson('Ada')).toMatchObject({ id: person, faces: 1, samplePath: '/a.jpg' });
      const [nearest] = await second.nearestFaces(faces[2]!.embedding, PACK, 1);
      expect(nearest!.faceId).toBe(faceId(shaOf(1), PACK, 2));
      const nextPerson = await second.createPerson();
      expect(nextPerson).not.toBe(person);
      await second.close();
    });

    it('refuses a catalog written by a newer facetag, naming both versions', async () => {
      const file = tempCatalogFile();
      await (await openSqliteCatalog(file)).close();
      withRawConnection(file, (db) => db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`));

      await expect(openSqliteCatalog(file)).rejects.toThrow(
        new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 5}.*up to ${LATEST_SCHEMA_VERSION}`),
      );
      withRawConnection(file, (db) => expect(readSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION + 5));
    });

    it('applies only the missing migrations, in order', () => {
      const applied: number[] = [];
      const migration = (version: number): Migration => ({
        version,
        description: `test ${version}`,
        up: (db) => {
          applied.push(version);
          if (version === 1) db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT)');
          db.exec(`CREATE TABLE t${version} (x)`);
        },
      });
      const db = openDatabase(':memory:');
      expect(migrate(db, [migration(1)])).toEqual({ from: 0, to: 1 });
      expect(migrate(db, [migration(1), migration(2), migration(3)])).toEqual({ from: 1, to: 3 });
      expect(applied).toEqual([1, 2, 3]);
      expect(readSchemaVersion(db)).toBe(3);
      db.close();
    });

    it('rolls back every pending migration when one fails', () => {
      const db = openDatabase(':memory:');
      const failing: Migration = {
        version: 2,
        description: 'fails halfway',
        up: (inner) => {
          inner.exec('CREATE TABLE half_done (x)');
          throw new Error('migration 2 broke');
        },
      };
      expect(() => migrate(db, [MIGRATIONS[0]!, failing])).toThrow('migration 2 broke');
      expect(readSchemaVersion(db)).toBe(0);
      expect(tableNames(db)).toEqual([]);
      expect(migrate(db, [MIGRATIONS[0]!])).toEqual({ from: 0, to: 1 });
      db.close();
    });

    it('rejects a migration list with gaps', () => {
      const db = openDatabase(':memory:');
      const skipped: Migration = { version: 3, description: 'gap', up: () => {} };
      expect(() => migrate(db, [MIGRATIONS[0]!, skipped])).toThrow(/found 3 at position 2/);
      db.close();
    });
  });

  describe('connection', () => {
    it('uses WAL, foreign keys and a busy timeout', async () => {
      const file = tempCatalogFile();
      const db = openDatabase(file);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(30_000);
      db.close();
      // WAL is a property of the file, so the catalog's own connection uses it too.
      await (await openSqliteCatalog(file)).close();
      withRawConnection(file, (raw) => {
        const plain = raw.pragma('journal_mode', { simple: true });
        expect(plain).toBe('wal');
      });
    });

    it('explains what is wrong with a file that is not a catalog', async () => {
      const dir = dirname(tempCatalogFile());
      await expect(openSqliteCatalog(join(dir, 'missing-folder', 'catalog.db'))).rejects.toThrow(/cannot open catalog/);
    });
  });

  describe('vector index', () => {
    it('keeps exactly one vector row per face through store, re-analysis and pruning', async () => {
      const file = tempCatalogFile();
      const catalog = await openSqliteCatalog(file);
      const random = seededRandom(3);
      await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces: makeFaces(random, 4, 16) }));
      await catalog.storePhoto(makeInput({ sha256: shaOf(2), path: '/b.jpg', faces: makeFaces(random, 3, 16) }));
      await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces: makeFaces(random, 4, 16) }));
      withRawConnection(file, (db) => expect(vectorRowCounts(db)).toEqual([{ index: 1, vectors: 7, faces: 7 }]));

      await catalog.storePhoto(
        makeInput({ sha256: shaOf(1), path: '/a.jpg', pack: OTHER_PACK, faces: makeFaces(random, 2, 32) }),
      );
      withRawConnection(file, (db) =>
        expect(vectorRowCounts(db)).toEqual([
          { index: 1, vectors: 3, faces: 3 },
          { index: 2, vectors: 2, faces: 2 },
        ]),
      );

      await catalog.removeFiles(['/a.jpg', '/b.jpg']);
      withRawConnection(file, (db) =>
        expect(vectorRowCounts(db)).toEqual([
          { index: 1, vectors: 0, faces: 0 },
          { index: 2, vectors: 0, faces: 0 },
        ]),
      );
      await catalog.close();
    });

    it('uses the vec0 index for nearest-face queries', async () => {
      const file = tempCatalogFile();
      const catalog = await openSqliteCatalog(file);
      await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces: makeFaces(seededRandom(4), 2, 8) }));
      await catalog.close();
      withRawConnection(file, (db) => {
        const plan = db
          .prepare<[Buffer], { detail: string }>(
            'EXPLAIN QUERY PLAN SELECT rowid, distance FROM face_vectors_1 WHERE embedding MATCH ? AND k = 3',
          )
          .all(Buffer.from(randomUnitVector(seededRandom(5), 8).buffer))
          .map((row) => row.detail)
          .join('\n');
        expect(plan).toMatch(/VIRTUAL TABLE INDEX/);
      });
    });
  });

  describe('crash safety', () => {
    it('leaves no trace of a photo whose transaction fails midway', async () => {
      const file = tempCatalogFile();
      const catalog = await openSqliteCatalog(file);
      const random = seededRandom(9);
      await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/before.jpg', faces: makeFaces(random, 2, 16) }));
      // Sabotage from outside: the third face insert of any later photo aborts, after the photo, the path
      // and two faces (with their vector rows) were already written in the same transaction.
      withRawConnection(file, (db) =>
        db.exec(`CREATE TRIGGER sabotage AFTER INSERT ON faces WHEN new.idx = 2 AND new.photo_sha256 = '${shaOf(2)}'
          BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`),
      );

      await expect(
        catalog.storePhoto(makeInput({ sha256: shaOf(2), path: '/during.jpg', faces: makeFaces(random, 4, 16) })),
      ).rejects.toThrow('simulated failure');

      expect(await catalog.getPhoto(shaOf(2))).toBeNull();
      expect(await catalog.getFile('/during.jpg')).toBeNull();
      expect(await catalog.listFaces({ photoSha256: shaOf(2) })).toEqual([]);
      expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 2, files: 1 });
      withRawConnection(file, (db) => expect(vectorRowCounts(db)).toEqual([{ index: 1, vectors: 2, faces: 2 }]));
      await catalog.close();
    });

    it('keeps the old faces and assignments when re-analysis fails midway', async () => {
      const file = tempCatalogFile();
      const catalog = await openSqliteCatalog(file);
      const random = seededRandom(10);
      const oldFaces = makeFaces(random, 3, 16);
      await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces: oldFaces }));
      const ada = await catalog.createPerson();
      await catalog.assignFaces([{ faceId: faceId(shaOf(1), PACK, 0), personId: ada, source: 'auto' }]);
      withRawConnection(file, (db) =>
        db.exec(`CREATE TRIGGER sabotage AFTER INSERT ON faces WHEN new.pack = '${OTHER_PACK}' AND new.idx = 1
          BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`),
      );

      await expect(
        catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', pack: OTHER_PACK, faces: makeFaces(random, 2, 16) })),
      ).rejects.toThrow('simulated failure');

      expect((await catalog.getPhoto(shaOf(1)))!.pack).toBe(PACK);
      expect((await catalog.listFaces()).map((face) => face.id)).toEqual([0, 1, 2].map((i) => faceId(shaOf(1), PACK, i)));
      expect(await catalog.findPerson(ada)).toMatchObject({ faces: 1 });
      const [nearest] = await catalog.nearestFaces(oldFaces[1]!.embedding, PACK, 1);
      expect(nearest!.faceId).toBe(faceId(shaOf(1), PACK, 1));
      await catalog.close();
    });

    it('recovers cleanly after the process is killed in the middle of a transaction', async () => {
      const file = tempCatalogFile();
      const before = await openSqliteCatalog(file);
      await before.storePhoto(makeInput({ sha256: shaOf(1), path: '/before.jpg', faces: makeFaces(seededRandom(11), 3, 512) }));
      await before.close();

      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(here, 'fixtures', 'crash-during-store.ts'), file, '150'],
        { cwd: projectRoot, encoding: 'utf8', ...SELF_KILLING_CHILD_GUARD },
      );
      expect(child.stderr).not.toMatch(/Error/);
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).not.toContain('stored without crashing');
      // Uncommitted frames reached the WAL before the kill, so recovery really had something to discard.
      expect(existsSync(`${file}-wal`) && statSync(`${file}-wal`).size).toBeGreaterThan(0);

      const after = await openSqliteCatalog(file);
      expect(await after.getPhoto(shaOf(2))).toBeNull();
      expect(await after.getFile('/crash.jpg')).toBeNull();
      expect(await after.counts()).toMatchObject({ photos: 1, faces: 3, files: 1 });
      await after.storePhoto(makeInput({ sha256: shaOf(3), path: '/after.jpg', faces: makeFaces(seededRandom(12), 2, 512) }));
      await after.close();
      withRawConnection(file, (db) => {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(vectorRowCounts(db)).toEqual([{ index: 1, vectors: 5, faces: 5 }]);
      });
    });
  });
});
