import type { SqliteDatabase } from './connection.js';

export interface Migration {
  version: number;
  description: string;
  up(db: SqliteDatabase): void;
}

/**
 * Schema history. Never edit a released migration: append a new one.
 * PRAGMA user_version is the authoritative version; schema_version keeps a readable history.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'files, photos, faces, people, constraints, runs, errors, vector index registry',
    up: (db) => db.exec(INITIAL_SCHEMA),
  },
  {
    version: 2,
    description: 'library settings',
    up: (db) => db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT'),
  },
  {
    version: 3,
    description: 'faces the user marked as not a face',
    // A table of its own rather than a column: the mark is rare, and faces keep their shape for every other reader.
    up: (db) =>
      db.exec(`CREATE TABLE not_a_face (
        face_id TEXT PRIMARY KEY REFERENCES faces (id) ON DELETE CASCADE,
        marked_at TEXT NOT NULL
      ) STRICT`),
  },
  {
    version: 4,
    description: 'suggestions from a language model, pending until the user decides',
    up: (db) => db.exec(SUGGESTIONS_SCHEMA),
  },
  {
    version: 5,
    description: 'log of face vector changes and the state of approximate index files, which follow the log',
    up: (db) => db.exec(APPROXIMATE_INDEX_SCHEMA),
  },
  {
    version: 6,
    description: "index of the faces the user decided, for clustering's digest of the user's decisions",
    // Partial: only the user's faces are in it, so an incremental run reads them without a pass over every face.
    up: (db) => db.exec("CREATE INDEX faces_decided_by_user ON faces (pack) WHERE source = 'user'"),
  },
  {
    version: 7,
    description: 'faces an approximate index file holds but no search of its graph reaches (searched exactly instead)',
    // NULL for a file saved before the check: it is rebuilt once, which finds them.
    up: (db) => db.exec('ALTER TABLE approximate_indexes ADD COLUMN unreachable_nums TEXT'),
  },
  {
    version: 8,
    description: 'what an incremental clustering run reads of the faces without a person and of the faces of a person',
    // Partial and covering: a run lists the pool and the faces of the people near its new faces, and the face rows it
    // would otherwise read are spread over the whole file by their embeddings (the pool of a million-face catalog,
    // 251,200 faces: 12-54 s from disk against 0.6-0.8 s from the index; 100,000 faces: 1.5-2.0 s against 26-59 ms).
    // Spelled out, not built from the queries' constants: a released migration never changes. face-placements.ts's
    // reads must match these WHERE clauses and columns; its test checks that SQLite answers them from these indexes.
    up: (db) =>
      db.exec(`
        CREATE INDEX faces_unplaced ON faces (pack, photo_sha256, idx, id, quality_overall, source, person_id)
          WHERE person_id IS NULL AND source IS NOT 'user';
        CREATE INDEX faces_placed ON faces (person_id, pack, photo_sha256, idx, id, quality_overall, source)
          WHERE person_id IS NOT NULL;
      `),
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the schema up to date in one transaction, so a failed upgrade leaves the previous version intact.
 * Returns the versions before and after.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  checkSequence(migrations);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const apply = db.transaction(() => {
    // Read inside the write transaction: another process may have migrated the file while we waited for the lock.
    const current = readSchemaVersion(db);
    if (current > latest) {
      throw new Error(
        `catalog ${db.name} has schema version ${current}, but this facetag only knows versions up to ${latest}; ` +
          'upgrade facetag to open it',
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      migration.up(db);
      db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
    }
    return { from: current, to: Math.max(current, latest) };
  });
  return apply.immediate();
}

export function readSchemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, position) => {
    if (migration.version !== position + 1) {
      throw new Error(`migration versions must be 1, 2, 3, ...; found ${migration.version} at position ${position + 1}`);
    }
  });
}

/*
 * Notes on the design:
 * - faces.num is the integer key shared with the face's row in its vec0 table (vec0 is keyed by integer rowid).
 * - Each (pack, dimensions) pair gets its own vec0 table, created on first use and listed in vector_indexes;
 *   triggers created with it keep it in step with faces, including deletes cascaded from photos.
 * - Embeddings are also kept in faces.embedding so that listing them for clustering never scans a virtual table.
 */
const INITIAL_SCHEMA = `
CREATE TABLE schema_version (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
-- Person ids come from a counter rather than max(id)+1 so that a deleted person's id is never handed out again.
INSERT INTO counters (name, value) VALUES ('person', 0);

CREATE TABLE photos (
  sha256 TEXT PRIMARY KEY,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  format TEXT NOT NULL,
  taken_at TEXT,
  gps_lat REAL,
  gps_lon REAL,
  camera TEXT,
  pack TEXT NOT NULL,
  scanned_at TEXT NOT NULL,
  CHECK ((gps_lat IS NULL) = (gps_lon IS NULL))
) STRICT;

CREATE TABLE files (
  path TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL REFERENCES photos (sha256),
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL
) STRICT;
CREATE INDEX files_by_sha256 ON files (sha256);

CREATE TABLE people (
  id TEXT PRIMARY KEY,
  name TEXT,
  hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;
-- Names are unique ignoring case so that finding a person by name is never ambiguous.
CREATE UNIQUE INDEX people_by_name ON people (name COLLATE NOCASE);

CREATE TABLE vector_indexes (
  id INTEGER PRIMARY KEY,
  pack TEXT NOT NULL,
  dimensions INTEGER NOT NULL CHECK (dimensions > 0),
  UNIQUE (pack, dimensions)
) STRICT;

CREATE TABLE faces (
  num INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  photo_sha256 TEXT NOT NULL REFERENCES photos (sha256) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  box_x REAL NOT NULL,
  box_y REAL NOT NULL,
  box_w REAL NOT NULL,
  box_h REAL NOT NULL,
  score REAL NOT NULL,
  landmarks TEXT NOT NULL,
  quality_size REAL NOT NULL,
  quality_sharpness REAL NOT NULL,
  quality_frontal REAL NOT NULL,
  quality_overall REAL NOT NULL,
  pack TEXT NOT NULL,
  vector_index INTEGER NOT NULL REFERENCES vector_indexes (id),
  embedding BLOB NOT NULL,
  person_id TEXT REFERENCES people (id),
  source TEXT CHECK (source IN ('auto', 'user')),
  UNIQUE (photo_sha256, idx),
  CHECK (person_id IS NULL OR source IS NOT NULL)
) STRICT;
CREATE INDEX faces_by_person ON faces (person_id, quality_overall);
CREATE INDEX faces_by_pack ON faces (pack);
CREATE INDEX faces_by_vector_index ON faces (vector_index);

CREATE TABLE constraints (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('not-person', 'different-people')),
  face_id TEXT REFERENCES faces (id) ON DELETE CASCADE,
  person_a TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  person_b TEXT REFERENCES people (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  CHECK (
    (kind = 'not-person' AND face_id IS NOT NULL AND person_b IS NULL)
    OR (kind = 'different-people' AND face_id IS NULL AND person_b IS NOT NULL AND person_a < person_b)
  )
) STRICT;
CREATE UNIQUE INDEX constraints_unique ON constraints (kind, ifnull(face_id, ''), person_a, ifnull(person_b, ''));
CREATE INDEX constraints_by_face ON constraints (face_id);
CREATE INDEX constraints_by_person_a ON constraints (person_a);
CREATE INDEX constraints_by_person_b ON constraints (person_b);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  root TEXT NOT NULL,
  pack TEXT NOT NULL,
  stats TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE errors (
  path TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
`;

/*
 * A suggestion is about a person or a photo: one of two foreign keys, so it goes when its target goes (a merged-away
 * or deleted person, a pruned photo). evidence is a JSON array of strings.
 */
const SUGGESTIONS_SCHEMA = `
CREATE TABLE suggestions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id TEXT REFERENCES people (id) ON DELETE CASCADE,
  photo_sha256 TEXT REFERENCES photos (sha256) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('name', 'description', 'relation', 'caption', 'tags')),
  value TEXT NOT NULL,
  evidence TEXT NOT NULL,
  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  model TEXT NOT NULL,
  prompt_version TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  ms REAL NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  decided_at TEXT,
  CHECK ((person_id IS NULL) <> (photo_sha256 IS NULL))
) STRICT;
CREATE INDEX suggestions_by_person ON suggestions (person_id);
CREATE INDEX suggestions_by_photo ON suggestions (photo_sha256);
CREATE INDEX suggestions_by_prompt ON suggestions (prompt_version);
`;

/*
 * An approximate index file beside the catalog is a cache that may lag behind it (another process wrote faces, or
 * the process was killed between a commit and a save). Triggers log every face insert and delete, in the writing
 * transaction; an index remembers the last change it holds (saved_seq) and replays the rest. A row in
 * approximate_indexes keeps its index's log from saved_seq on; faces IS NULL while no valid file exists yet.
 */
const APPROXIMATE_INDEX_SCHEMA = `
CREATE TABLE face_vector_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  vector_index INTEGER NOT NULL,
  num INTEGER NOT NULL,
  added INTEGER NOT NULL CHECK (added IN (0, 1))
) STRICT;
CREATE INDEX face_vector_changes_by_index ON face_vector_changes (vector_index, seq);
CREATE TRIGGER faces_log_insert AFTER INSERT ON faces
BEGIN
  INSERT INTO face_vector_changes (vector_index, num, added) VALUES (new.vector_index, new.num, 1);
END;
CREATE TRIGGER faces_log_delete AFTER DELETE ON faces
BEGIN
  INSERT INTO face_vector_changes (vector_index, num, added) VALUES (old.vector_index, old.num, 0);
END;
CREATE TABLE approximate_indexes (
  vector_index INTEGER PRIMARY KEY REFERENCES vector_indexes (id),
  saved_seq INTEGER NOT NULL,
  faces INTEGER,
  key_sum INTEGER,
  file_bytes INTEGER,
  saved_at TEXT NOT NULL
) STRICT;
`;
