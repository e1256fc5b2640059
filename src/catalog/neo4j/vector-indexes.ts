import neo4j from 'neo4j-driver';
import type { Neighbour, NeighbourSearchKind } from '../catalog.js';
import type { Neo4jConnection, Transaction } from './connection.js';
import { cypherIndexName, cypherLabel, vectorSpace, type VectorSpace } from './vector-space.js';

/**
 * Up to this many faces in a space, nearestFaces asks the index for every face of the space. The HNSW search then
 * never has a full result list to stop at and visits the whole graph, which makes the answer exact; the contract
 * (500 faces) and test/catalog/neo4j-catalog.test.ts (EXHAUSTIVE_MAX_FACES faces) compare it with brute force.
 * Above it, the search is approximate (see CANDIDATES_PER_NEIGHBOUR) and much cheaper than visiting everything.
 */
export const EXHAUSTIVE_MAX_FACES = 2000;

/**
 * Above EXHAUSTIVE_MAX_FACES the index is asked for this many candidates per neighbour wanted (at least
 * MIN_CANDIDATES), and the best k are kept: a wider beam raises HNSW recall, and costs less than one would think,
 * since much of a query's time goes to visiting the index's segments, not to the beam. Measured on random 512-d
 * unit vectors, the hardest case (no cluster structure; face embeddings cluster), recall@10 asking for
 * 10 / 100 / 300 / 1000 / 3000 candidates: at 10k faces 0.67 / 0.995 / - / 1.0 / -, at 100k faces
 * 0.17 / 0.47 / 0.72 / 0.92 / 0.98, the query taking 44 / 61 / 78 / 117 / 100 ms on a loaded 2-core machine.
 */
const CANDIDATES_PER_NEIGHBOUR = 100;
const MIN_CANDIDATES = 1000;

/** How long a store waits for a just-created (or rebuilt) vector index to come online. */
const INDEX_WAIT_SECONDS = 300;

/**
 * The index settings. Quantization is off: with Neo4j 5.26's default (int8 scalar quantization) the index ranks
 * and scores by the quantized vectors, which on 500 random 128-d faces put 16 of 20 top-10 lists out of order
 * and the scores off by up to 0.02. Without it the scores are float32 cosine similarities, like SQLite's.
 */
const INDEX_SETTINGS = { similarity: 'COSINE', quantization: false } as const;

/**
 * The schema statement that creates a space's vector index (if it does not exist). Names are generated and checked, the
 * size is a checked integer: schema commands take no parameters for them. `quantization` other than facetag's setting
 * is for the scale benchmark, which measures Neo4j's default beside it.
 */
export function createVectorIndexStatement(space: VectorSpace, quantization: boolean): string {
  return `
    CREATE VECTOR INDEX ${cypherIndexName(space.indexName)} IF NOT EXISTS
    FOR (f:${cypherLabel(space.label)}) ON (f.embedding)
    OPTIONS {indexConfig: {
      \`vector.dimensions\`: ${space.dimensions},
      \`vector.similarity_function\`: '${INDEX_SETTINGS.similarity}',
      \`vector.quantization.enabled\`: ${quantization}
    }}`;
}

/**
 * One vector index per (pack, embedding size); see vector-space.ts. The index itself is schema and is created in a
 * transaction of its own, before the first photo of the space is stored. A (:VectorSpace) node, written by the
 * statement that creates the faces (face-repository.ts), records which spaces a pack has, so a rolled-back store
 * leaves no space behind (at most an empty index, which is harmless and reused).
 */
export class VectorIndexes {
  /** One pending or finished ensure per space: concurrent stores of a new space create its index once. */
  private readonly ensured = new Map<string, Promise<VectorSpace>>();

  constructor(private readonly connection: Neo4jConnection) {}

  /**
   * Creates the space's vector index if needed and waits until it is online. An index on the space with other
   * settings (made by hand, or by an earlier version) is dropped and rebuilt, since exact answers for small spaces
   * depend on them. Call outside any transaction.
   */
  ensureIndex(pack: string, dimensions: number): Promise<VectorSpace> {
    const space = vectorSpace(pack, dimensions);
    let ensuring = this.ensured.get(space.label);
    if (ensuring === undefined) {
      ensuring = this.createIndex(space);
      this.ensured.set(space.label, ensuring);
      // A failure (server away) is not remembered: the next store tries again.
      ensuring.catch(() => this.ensured.delete(space.label));
    }
    return ensuring;
  }

  private async createIndex(space: VectorSpace): Promise<VectorSpace> {
    const existing = await this.describeIndex(space);
    if (existing !== null && !existing.fits) {
      // Any name may be found here, so it is quoted rather than checked against our pattern.
      await this.connection.schema(`DROP INDEX \`${existing.name.replaceAll('`', '``')}\` IF EXISTS`);
    }
    if (existing === null || !existing.fits) {
      await ignoreEquivalentIndex(this.connection.schema(createVectorIndexStatement(space, INDEX_SETTINGS.quantization)));
    }
    await this.connection.schema('CALL db.awaitIndex($name, $seconds)', {
      name: space.indexName,
      seconds: neo4j.int(INDEX_WAIT_SECONDS),
    });
    return space;
  }

  /**
   * One statement, so a query costs one round trip: it reads which sizes the pack stores (to reject a query of
   * another size), counts the space's faces (from the count store; a literal label is needed for that, with $(...)
   * the planner scans all nodes, and cypherLabel guarantees the label is one of ours), and asks the index.
   */
  async nearest(tx: Transaction, embedding: Float32Array, pack: string, k: number): Promise<Neighbour[]> {
    if (!Number.isInteger(k) || k < 0) throw new Error(`nearestFaces: k must be a non-negative integer, got ${k}`);
    const space = vectorSpace(pack, embedding.length);
    // The index's score for cosine is (1 + cos) / 2, so the cosine distance 1 - cos is 2 - 2 * score.
    const result = await tx.run(
      `OPTIONAL MATCH (v:VectorSpace {pack: $pack})
       WITH v ORDER BY v.dimensions
       WITH collect(v.dimensions) AS sizes
       WITH sizes, COUNT { MATCH (:${cypherLabel(space.label)}) } AS faces
       CALL (sizes, faces) {
         WITH sizes, faces
         WHERE $dimensions IN sizes AND faces > 0 AND $k > 0
         CALL db.index.vector.queryNodes(
           $indexName,
           CASE WHEN faces <= $exhaustiveMax OR faces <= $wide THEN faces ELSE $wide END,
           $query
         ) YIELD node, score
         WITH node, score
         ORDER BY score DESC, node.id
         LIMIT $k
         RETURN collect({faceId: node.id, distance: 2.0 - 2.0 * score}) AS neighbours
       }
       RETURN sizes, neighbours`,
      {
        pack,
        dimensions: neo4j.int(embedding.length),
        indexName: space.indexName,
        exhaustiveMax: neo4j.int(EXHAUSTIVE_MAX_FACES),
        wide: neo4j.int(Math.max(k * CANDIDATES_PER_NEIGHBOUR, MIN_CANDIDATES)),
        query: Array.from(embedding),
        k: neo4j.int(k),
      },
    );
    const record = result.records[0]!;
    const sizes = record.get('sizes') as number[];
    if (!sizes.includes(embedding.length) && sizes.length > 0) {
      throw new Error(
        `nearestFaces: pack "${pack}" stores ${sizes.join('/')}-dimensional embeddings, the query has ${embedding.length}`,
      );
    }
    return record.get('neighbours') as Neighbour[];
  }

  /** Up to EXHAUSTIVE_MAX_FACES faces a space's queries visit every face; above, the index answers approximately. */
  async kind(tx: Transaction, pack: string): Promise<NeighbourSearchKind> {
    const spaces = await tx.run('MATCH (v:VectorSpace {pack: $pack}) RETURN v.dimensions AS dimensions', { pack });
    let faces = 0;
    let approximate = false;
    for (const record of spaces.records) {
      const space = vectorSpace(pack, record.get('dimensions') as number);
      // From the count store, as nearest counts them (cypherLabel guarantees the label is one of ours).
      const counted = await tx.run(`RETURN COUNT { MATCH (:${cypherLabel(space.label)}) } AS faces`);
      const inSpace = counted.records[0]!.get('faces') as number;
      faces += inSpace;
      approximate ||= inSpace > EXHAUSTIVE_MAX_FACES;
    }
    return { approximate, faces };
  }

  /** The vector index on the space's label, if any, and whether it has the settings this code relies on. */
  private async describeIndex(space: VectorSpace): Promise<{ name: string; fits: boolean } | null> {
    return this.connection.read(async (tx) => {
      const result = await tx.run(
        `SHOW VECTOR INDEXES YIELD name, labelsOrTypes, properties, options
         WHERE labelsOrTypes = [$label] AND properties = ['embedding']
         RETURN name, options.indexConfig AS config`,
        { label: space.label },
      );
      const record = result.records[0];
      if (!record) return null;
      const config = record.get('config') as Record<string, unknown>;
      const fits =
        record.get('name') === space.indexName &&
        config['vector.dimensions'] === space.dimensions &&
        String(config['vector.similarity_function']).toUpperCase() === INDEX_SETTINGS.similarity &&
        config['vector.quantization.enabled'] === INDEX_SETTINGS.quantization;
      return { name: record.get('name') as string, fits };
    });
  }
}

/**
 * Another process (a second worker, a concurrent scan) may create the same index between our check and our CREATE;
 * IF NOT EXISTS does not cover that race, Neo4j then reports the index as already existing, which is what we wanted.
 */
async function ignoreEquivalentIndex(creating: Promise<void>): Promise<void> {
  try {
    await creating;
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code !== 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists') throw error;
  }
}
