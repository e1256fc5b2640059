import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';

export type SqliteDatabase = Database.Database;

/**
 * How long a writer waits for another process's write lock before failing with SQLITE_BUSY. Several queue workers
 * (facetag worker) and a coordinator write one library file at once; on a loaded machine waiting longer is cheaper
 * than a failed write (a retried job, or a coordinator that stops).
 */
const BUSY_TIMEOUT_MS = 30_000;

/**
 * Opens a catalog database file (or ':memory:') with the settings every catalog connection needs.
 * The schema is not touched here; see migrations.ts.
 */
export function openDatabase(file: string): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`cannot open catalog ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    // The vector indexes are vec0 virtual tables: without the extension the file cannot even be read.
    sqliteVec.load(db);
    // WAL lets readers (a CLI query) run while a scan writes, and a crash mid-transaction leaves the file consistent.
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL survives application crashes; only an OS crash or power loss can drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (error) {
    db.close();
    throw new Error(`cannot open catalog ${file}: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
