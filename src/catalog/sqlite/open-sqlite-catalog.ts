import type { Catalog } from '../catalog.js';
import { openDatabase } from './connection.js';
import { migrate } from './migrations.js';
import { createSqliteCatalog, type SqliteCatalogOptions } from './sqlite-catalog.js';

/**
 * Opens (creating if needed) the catalog stored in a SQLite file and brings its schema up to date.
 * ':memory:' gives a private, throw-away catalog for tests.
 */
export async function openSqliteCatalog(file: string, options: SqliteCatalogOptions = {}): Promise<Catalog> {
  const db = openDatabase(file);
  try {
    migrate(db);
    return createSqliteCatalog(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}
