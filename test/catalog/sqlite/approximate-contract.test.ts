import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteCatalog } from '../../../src/catalog/sqlite/open-sqlite-catalog.js';
import { describeAddFacesContract } from '../add-faces-contract.js';
import { describeCatalogContract } from '../catalog-contract.js';

/** The whole catalog contract, neighbour queries included, answered by the approximate index from the first face. */
const forcedOn = { approximateSearch: { mode: 'on' as const, minFaces: 0 }, report: () => {} };
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempCatalogFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'facetag-ann-contract-'));
  dirs.push(dir);
  return join(dir, 'catalog.db');
}

describeCatalogContract('sqlite in memory, approximate index forced on', () => openSqliteCatalog(':memory:', forcedOn));
describeCatalogContract('sqlite file, approximate index forced on', () => openSqliteCatalog(tempCatalogFile(), forcedOn));
describeAddFacesContract('sqlite in memory, approximate index forced on', () => openSqliteCatalog(':memory:', forcedOn));
