/**
 * kNN query time at a given number of stored faces, for the SQLite catalog (sqlite-vec) and, when NEO4J_URL,
 * NEO4J_USER and NEO4J_PASSWORD are set, the Neo4j catalog (its vector index) in the same run, on the same faces
 * and queries: 512-d random unit vectors, 10 faces a photo, k = 10, 50 queries after 3 warm-up ones, recall
 * against brute force. The Neo4j database is wiped first, so never point it at a real library.
 * Usage: npm run build && node dist/bench/catalog-knn.js [faces...]   (default: 10000 100000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../src/catalog/catalog.js';
import { openNeo4jCatalog } from '../src/catalog/neo4j/open-neo4j-catalog.js';
import { openSqliteCatalog } from '../src/catalog/sqlite/open-sqlite-catalog.js';
import { DIMENSIONS, K, QUERIES, randomUnitVector, recallAtK, storeRandomFaces, timeNearestFaces } from './knn/random-faces.js';
import { lockNeo4jServer } from '../test/catalog/neo4j-test-lock.js';
import { wipeNeo4j } from './knn/wipe-neo4j.js';

const { NEO4J_URL: neo4jUrl, NEO4J_USER: neo4jUser, NEO4J_PASSWORD: neo4jPassword } = process.env;
const withNeo4j = Boolean(neo4jUrl && neo4jUser && neo4jPassword !== undefined);

async function measure(name: string, catalog: Catalog, faceCount: number, queries: Float32Array[]): Promise<void> {
  try {
    const { stored, storeMs } = await storeRandomFaces(catalog, faceCount);
    const { perQueryMs, answers } = await timeNearestFaces(catalog, queries);
    const recall = recallAtK(stored, queries, answers);
    console.log(
      `  ${name.padEnd(7)} store ${(storeMs / 1000).toFixed(1)} s (${((storeMs / faceCount) * 1000).toFixed(0)} µs/face), ` +
        `kNN k=${K}: ${perQueryMs.toFixed(2)} ms/query, recall@${K} ${recall.toFixed(3)}`,
    );
  } finally {
    await catalog.close();
  }
}

async function bench(faceCount: number): Promise<void> {
  console.log(`${faceCount} faces x ${DIMENSIONS}-d, ${QUERIES} queries:`);
  const queries = Array.from({ length: QUERIES }, randomUnitVector);
  const dir = mkdtempSync(join(tmpdir(), 'facetag-knn-bench-'));
  try {
    // sqlite-vec's exact scan, as this benchmark always measured; bench:scale measures the approximate index beside it.
    const exactOnly = { approximateSearch: { mode: 'off' as const, minFaces: 0 } };
    await measure('sqlite', await openSqliteCatalog(join(dir, 'catalog.db'), exactOnly), faceCount, queries);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (withNeo4j) {
    await wipeNeo4j(neo4jUrl!, neo4jUser!, neo4jPassword!);
    await measure('neo4j', await openNeo4jCatalog({ url: neo4jUrl!, user: neo4jUser!, password: neo4jPassword! }), faceCount, queries);
  }
}

const sizes = process.argv.slice(2).map(Number);
const unlock = withNeo4j ? await lockNeo4jServer(neo4jUrl!) : () => {};
try {
  for (const size of sizes.length > 0 ? sizes : [10_000, 100_000]) await bench(size);
  if (!withNeo4j) console.log('(set NEO4J_URL, NEO4J_USER and NEO4J_PASSWORD to compare with Neo4j)');
} finally {
  unlock();
}
