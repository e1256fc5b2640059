import type { SqliteDatabase } from './connection.js';

/**
 * Runs fn in one transaction that takes the write lock up front: with several processes on a WAL file,
 * upgrading a read transaction to a write one can fail with SQLITE_BUSY without waiting for the busy timeout.
 * Nested calls become savepoints. Any exception rolls everything back.
 */
export function inWriteTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  return db.transaction(fn).immediate();
}
