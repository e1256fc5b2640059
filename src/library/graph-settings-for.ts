import type { Neo4jConnectionOptions } from '../catalog/neo4j/connection.js';
import { parseNeo4jUrl } from '../catalog/neo4j/neo4j-url.js';
import type { Config } from '../config/config.js';

/** Connection options for a graph URL: a login in the URL wins over the configured one. */
export function graphSettingsFor(graphUrl: string, config: Config): Neo4jConnectionOptions {
  const parsed = parseNeo4jUrl(graphUrl);
  const user = parsed.user ?? config.graphCredentials?.user;
  const password = parsed.password ?? config.graphCredentials?.password;
  if (user === undefined || password === undefined) {
    throw new Error(
      `no login for the graph at ${parsed.url}: put it in the URL (neo4j://user:password@host:7687) ` +
        'or set FACETAG_GRAPH_USER and FACETAG_GRAPH_PASSWORD',
    );
  }
  return { url: parsed.url, user, password, database: parsed.database, retryTimeMs: config.graphRetrySeconds * 1000 };
}
