/**
 * The scale benchmark's Neo4j rows: the same synthetic library and work as the SQLite rows, on the Neo4j catalog with
 * facetag's index setting (quantization off), then the same queries once the index is rebuilt with Neo4j's default
 * (int8 quantization), so the setting is measured on face-like data, not only on random vectors (bench:knn).
 * The database is wiped first: never point it at a real library.
 */
import neo4j from 'neo4j-driver';
import { performance } from 'node:perf_hooks';
import { openNeo4jCatalog } from '../../src/catalog/neo4j/open-neo4j-catalog.js';
import { createVectorIndexStatement } from '../../src/catalog/neo4j/vector-indexes.js';
import { cypherIndexName, vectorSpace } from '../../src/catalog/neo4j/vector-space.js';
import { clusterLibrary } from '../../src/clustering/cluster-library.js';
import { wipeNeo4j } from '../knn/wipe-neo4j.js';
import { benchLibrary, log, NEW_FACES, type ScaleRow, scaleRow, type ScaleRun } from './measure.js';
import { measureQueries } from './neighbour-queries.js';
import { storeLibrary } from './store-synthetic.js';

export interface Neo4jServer {
  url: string;
  user: string;
  password: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Two rows: 'neo4j' (facetag's setting) with the incremental run for NEW_FACES new faces, and 'neo4j-quantized' with
 * the queries only (clustering asks the same index; its time follows the query time). No recluster: on Neo4j it asks
 * the index once per face, ~N x the query time (hours at 100,000 faces). Peak RSS is this process's, not the server's.
 */
export async function measureNeo4j(run: ScaleRun, server: Neo4jServer): Promise<ScaleRow[]> {
  const { faceCount } = run;
  const { pack, faces, thresholds } = benchLibrary(run);
  await wipeNeo4j(server.url, server.user, server.password);
  const catalog = await openNeo4jCatalog(server);
  try {
    let start = performance.now();
    const people = await storeLibrary(catalog, faces, pack, NEW_FACES);
    log(`${faceCount} neo4j: stored (${faces.sizes.length} generated people, ${people} known) in ${seconds(performance.now() - start)}`);

    // The queries first, both index settings, then the float index back for the incremental run, which takes long.
    const float = await measureQueries(catalog, faces, pack);
    log(`${faceCount} neo4j: queries p50 ${float.p50Ms.toFixed(1)} ms, p95 ${float.p95Ms.toFixed(1)} ms, recall@10 ${float.recallAtK.toFixed(3)}`);
    start = performance.now();
    await rebuildIndex(server, pack, run.stats.dims, true);
    log(`${faceCount} neo4j: index rebuilt with int8 quantization in ${seconds(performance.now() - start)}`);
    const quantized = await measureQueries(catalog, faces, pack);
    log(`${faceCount} neo4j-quantized: queries p50 ${quantized.p50Ms.toFixed(1)} ms, p95 ${quantized.p95Ms.toFixed(1)} ms, recall@10 ${quantized.recallAtK.toFixed(3)}`);
    await rebuildIndex(server, pack, run.stats.dims, false);

    start = performance.now();
    // As a scan on Neo4j does: neighbour lists from the catalog's index, face by face.
    const incremental = await clusterLibrary(catalog, pack, thresholds, { mode: 'incremental', neighbours: 'index' });
    const incrementalMs = performance.now() - start;
    log(`${faceCount} neo4j: incremental ${seconds(incrementalMs)} (${JSON.stringify(incremental)})`);
    return [
      scaleRow('neo4j', faceCount, { queries: float, oneFace: null, incrementalMs, reclusterMs: null }),
      { ...scaleRow('neo4j-quantized', faceCount, { queries: quantized, oneFace: null, incrementalMs: null, reclusterMs: null }), measured: 'queries only' },
    ];
  } finally {
    await catalog.close();
  }
}

/**
 * Replaces the pack's vector index, under the same name, by one with or without Neo4j's default int8 quantization. The
 * open catalog has checked its index once and keeps querying it by name, so its next queries use the new one.
 */
async function rebuildIndex(server: Neo4jServer, pack: string, dimensions: number, quantized: boolean): Promise<void> {
  const space = vectorSpace(pack, dimensions);
  const driver = neo4j.driver(server.url, neo4j.auth.basic(server.user, server.password));
  try {
    await driver.executeQuery(`DROP INDEX ${cypherIndexName(space.indexName)} IF EXISTS`);
    await driver.executeQuery(createVectorIndexStatement(space, quantized));
    await driver.executeQuery('CALL db.awaitIndex($name, $seconds)', { name: space.indexName, seconds: neo4j.int(3_600) });
  } finally {
    await driver.close();
  }
}
