import { usearchIndexKind } from '../../../src/catalog/ann/usearch-index.js';
import { openSqliteCatalog } from '../../../src/catalog/sqlite/open-sqlite-catalog.js';
import { describeAddFacesContract } from '../add-faces-contract.js';
import { describeCatalogContract } from '../catalog-contract.js';
import { tempCatalogFiles } from './temp-catalog-file.js';

/**
 * The whole catalog contract, neighbour queries included, answered by the approximate index from the first face,
 * with its default settings (every core inserting; the faces its graph does not reach are searched exactly).
 */
const forcedOn = {
  approximateSearch: { mode: 'on' as const, minFaces: 0 },
  indexKind: usearchIndexKind(),
  report: () => {},
};
const tempCatalogFile = tempCatalogFiles('facetag-ann-contract-');

describeCatalogContract('sqlite in memory, approximate index forced on', () => openSqliteCatalog(':memory:', forcedOn));
describeCatalogContract('sqlite file, approximate index forced on', () => openSqliteCatalog(tempCatalogFile(), forcedOn));
describeAddFacesContract('sqlite in memory, approximate index forced on', () => openSqliteCatalog(':memory:', forcedOn));
