import type { Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';

export type InteropTestCatalog = Catalog;

/** The one place that picks the catalog the interop tests run against: the real embedded one. */
const open: Catalog[] = [];

export async function openTestCatalog(): Promise<Catalog> {
  const catalog = await openSqliteCatalog(':memory:');
  open.push(catalog);
  return catalog;
}

export async function closeTestCatalogs(): Promise<void> {
  await Promise.all(open.splice(0).map((catalog) => catalog.close()));
}
