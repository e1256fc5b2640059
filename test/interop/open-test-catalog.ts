import { createCatalogTestDouble, type InteropTestCatalog } from './catalog-test-double.js';

/**
 * The one place that picks the catalog the interop tests run against. Today: the in-memory TEST DOUBLE.
 * Once src/catalog/sqlite/ is committed, return `openSqliteCatalog(':memory:')` here and delete catalog-test-double.ts.
 */
const open: InteropTestCatalog[] = [];

export async function openTestCatalog(): Promise<InteropTestCatalog> {
  const catalog = createCatalogTestDouble();
  open.push(catalog);
  return catalog;
}

export async function closeTestCatalogs(): Promise<void> {
  await Promise.all(open.splice(0).map((catalog) => catalog.close()));
}
