import { Neo4jConnection, type Neo4jConnectionOptions } from './connection.js';
import { migrateNeo4j } from './migrations.js';
import { createNeo4jCatalog, type Neo4jCatalog } from './neo4j-catalog.js';
import { checkNeo4jConnection } from './startup-check.js';

export type { Neo4jConnectionOptions } from './connection.js';

/**
 * Connects to a Neo4j server, checks that it answers and accepts the credentials (failing with an error that names
 * the URL and the cause, before anything is written), then brings the catalog schema up to date.
 */
export async function openNeo4jCatalog(options: Neo4jConnectionOptions): Promise<Neo4jCatalog> {
  let connection: Neo4jConnection;
  try {
    connection = Neo4jConnection.create(options);
  } catch (error) {
    // The driver rejects a malformed URL before any connection attempt.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the Neo4j catalog at ${options.url}: ${reason}`, { cause: error });
  }
  try {
    await checkNeo4jConnection(connection, options.user);
    await migrateNeo4j(connection);
    return createNeo4jCatalog(connection);
  } catch (error) {
    await connection.close();
    throw error;
  }
}
