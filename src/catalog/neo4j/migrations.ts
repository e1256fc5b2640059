import neo4j from 'neo4j-driver';
import type { Neo4jConnection, Transaction } from './connection.js';

export interface Neo4jMigration {
  version: number;
  description: string;
  /** Schema commands, each idempotent (IF NOT EXISTS): Neo4j runs them outside data transactions. */
  schema: readonly string[];
  /** Data changes, run in one transaction together with the version bump. */
  data?(tx: Transaction): Promise<void>;
}

/**
 * Schema history. Never edit a released migration: append a new one.
 * The version lives on a single (:CatalogSchema {name: 'facetag'}) node.
 * Vector indexes are not here: there is one per (pack, embedding size), created when a pack stores its first
 * face (see vector-indexes.ts).
 */
export const NEO4J_MIGRATIONS: readonly Neo4jMigration[] = [
  {
    version: 1,
    description: 'uniqueness constraints for photos, files, faces, people, runs, errors, counters; lookup indexes',
    schema: [
      'CREATE CONSTRAINT facetag_schema_name IF NOT EXISTS FOR (s:CatalogSchema) REQUIRE s.name IS UNIQUE',
      'CREATE CONSTRAINT facetag_photo_sha256 IF NOT EXISTS FOR (p:Photo) REQUIRE p.sha256 IS UNIQUE',
      'CREATE CONSTRAINT facetag_file_path IF NOT EXISTS FOR (f:File) REQUIRE f.path IS UNIQUE',
      'CREATE CONSTRAINT facetag_face_id IF NOT EXISTS FOR (f:Face) REQUIRE f.id IS UNIQUE',
      'CREATE CONSTRAINT facetag_person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE',
      // nameKey is the lower-cased name: names are unique ignoring case, so finding a person by name is never ambiguous.
      'CREATE CONSTRAINT facetag_person_name_key IF NOT EXISTS FOR (p:Person) REQUIRE p.nameKey IS UNIQUE',
      'CREATE CONSTRAINT facetag_run_id IF NOT EXISTS FOR (r:Run) REQUIRE r.id IS UNIQUE',
      'CREATE CONSTRAINT facetag_scan_error_path IF NOT EXISTS FOR (e:ScanError) REQUIRE e.path IS UNIQUE',
      'CREATE CONSTRAINT facetag_counter_name IF NOT EXISTS FOR (c:Counter) REQUIRE c.name IS UNIQUE',
      'CREATE CONSTRAINT facetag_vector_space_label IF NOT EXISTS FOR (v:VectorSpace) REQUIRE v.label IS UNIQUE',
      'CREATE INDEX facetag_face_pack IF NOT EXISTS FOR (f:Face) ON (f.pack)',
      'CREATE INDEX facetag_photo_taken_at IF NOT EXISTS FOR (p:Photo) ON (p.takenAt)',
      'CREATE INDEX facetag_vector_space_pack IF NOT EXISTS FOR (v:VectorSpace) ON (v.pack)',
    ],
    data: async (tx) => {
      // Person and run ids come from counters rather than max(id)+1, so a deleted person's id is never handed out again.
      await tx.run(`
        UNWIND ['person', 'run'] AS name
        MERGE (c:Counter {name: name}) ON CREATE SET c.value = 0`);
    },
  },
  {
    version: 2,
    description: 'library settings',
    schema: ['CREATE CONSTRAINT facetag_setting_key IF NOT EXISTS FOR (s:Setting) REQUIRE s.key IS UNIQUE'],
  },
  {
    version: 3,
    description: 'suggestions from a language model, pending until the user decides',
    schema: [
      'CREATE CONSTRAINT facetag_suggestion_id IF NOT EXISTS FOR (s:Suggestion) REQUIRE s.id IS UNIQUE',
      'CREATE INDEX facetag_suggestion_prompt IF NOT EXISTS FOR (s:Suggestion) ON (s.promptVersion)',
    ],
    data: async (tx) => {
      await tx.run("MERGE (c:Counter {name: 'suggestion'}) ON CREATE SET c.value = 0");
    },
  },
];

export const LATEST_NEO4J_SCHEMA_VERSION = NEO4J_MIGRATIONS[NEO4J_MIGRATIONS.length - 1]!.version;

/** How long to wait for new indexes to come online before giving up on opening the catalog. */
const INDEX_WAIT_SECONDS = 300;

/**
 * Brings the schema up to date. Unlike SQLite, Neo4j cannot change schema and data in one transaction, so a
 * migration is: its idempotent schema commands, then its data changes and the version bump in one transaction.
 * A migration interrupted in between is simply run again. Returns the versions before and after.
 */
export async function migrateNeo4j(
  connection: Neo4jConnection,
  migrations: readonly Neo4jMigration[] = NEO4J_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  checkSequence(migrations);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const current = await readNeo4jSchemaVersion(connection);
  if (current > latest) {
    throw new Error(
      `the Neo4j catalog at ${connection.url} has schema version ${current}, but this facetag only knows versions up to ${latest}; ` +
        'upgrade facetag to open it',
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    for (const statement of migration.schema) await connection.schema(statement);
    await connection.write(async (tx) => {
      await migration.data?.(tx);
      // Never lower the version: another process may have migrated further meanwhile.
      await tx.run(
        `MERGE (s:CatalogSchema {name: 'facetag'})
         SET s.version = CASE WHEN coalesce(s.version, 0) < $version THEN $version ELSE s.version END,
             s.history = coalesce(s.history, []) + [$entry]`,
        { version: neo4j.int(migration.version), entry: `${migration.version} ${new Date().toISOString()} ${migration.description}` },
      );
    });
  }
  await connection.schema('CALL db.awaitIndexes($seconds)', { seconds: neo4j.int(INDEX_WAIT_SECONDS) });
  return { from: current, to: Math.max(current, latest) };
}

export async function readNeo4jSchemaVersion(connection: Neo4jConnection): Promise<number> {
  return connection.read(async (tx) => {
    const result = await tx.run("MATCH (s:CatalogSchema {name: 'facetag'}) RETURN s.version AS version");
    return (result.records[0]?.get('version') as number | undefined) ?? 0;
  });
}

function checkSequence(migrations: readonly Neo4jMigration[]): void {
  migrations.forEach((migration, position) => {
    if (migration.version !== position + 1) {
      throw new Error(`migration versions must be 1, 2, 3, ...; found ${migration.version} at position ${position + 1}`);
    }
  });
}
