import type { Neighbour } from '../catalog.js';
import type { SqliteDatabase } from './connection.js';
import { embeddingToBlob } from './embedding-codec.js';

/** sqlite-vec refuses larger k in a KNN query. */
export const MAX_NEIGHBOURS = 4096;

interface IndexRow {
  id: number;
  dimensions: number;
}

/**
 * One vec0 table per (pack, dimensions): embeddings of different packs live in different spaces and must never
 * be compared. Rows are keyed by faces.num and maintained by triggers on faces, so every insert and delete of a
 * face, including those cascaded from a photo, updates the index in the same transaction.
 */
export class VectorIndexes {
  private readonly findIndex;
  private readonly findPackIndexes;
  private readonly insertIndex;
  private readonly knnStatements = new Map<number, ReturnType<VectorIndexes['prepareKnn']>>();

  constructor(private readonly db: SqliteDatabase) {
    this.findIndex = db.prepare<[string, number], IndexRow>(
      'SELECT id, dimensions FROM vector_indexes WHERE pack = ? AND dimensions = ?',
    );
    this.findPackIndexes = db.prepare<[string], IndexRow>(
      'SELECT id, dimensions FROM vector_indexes WHERE pack = ? ORDER BY dimensions',
    );
    this.insertIndex = db.prepare<[string, number]>('INSERT INTO vector_indexes (pack, dimensions) VALUES (?, ?)');
  }

  /** The index id for faces of this pack and size, creating the index on first use. Call inside a write transaction. */
  ensure(pack: string, dimensions: number): number {
    const existing = this.findIndex.get(pack, dimensions);
    if (existing) return existing.id;
    const id = Number(this.insertIndex.run(pack, dimensions).lastInsertRowid);
    const table = tableName(id);
    // Both values are integers we generated, so interpolating them into DDL is safe.
    this.db.exec(`
      CREATE VIRTUAL TABLE ${table} USING vec0(embedding float[${dimensions}] distance_metric=cosine);
      CREATE TRIGGER ${table}_insert AFTER INSERT ON faces WHEN new.vector_index = ${id}
      BEGIN
        INSERT INTO ${table} (rowid, embedding) VALUES (new.num, new.embedding);
      END;
      CREATE TRIGGER ${table}_delete AFTER DELETE ON faces WHEN old.vector_index = ${id}
      BEGIN
        DELETE FROM ${table} WHERE rowid = old.num;
      END;
    `);
    return id;
  }

  /**
   * The vector index a query searches, or null when the answer is empty (k = 0, or no face of the pack yet).
   * Throws on a bad k or a query whose size does not match the pack's faces.
   */
  indexFor(embedding: Float32Array, pack: string, k: number): number | null {
    if (!Number.isInteger(k) || k < 0) throw new Error(`nearestFaces: k must be a non-negative integer, got ${k}`);
    if (k > MAX_NEIGHBOURS) throw new Error(`nearestFaces: k must be at most ${MAX_NEIGHBOURS}, got ${k}`);
    const index = this.findIndex.get(pack, embedding.length);
    if (!index) {
      const others = this.findPackIndexes.all(pack).map((row) => row.dimensions);
      if (others.length > 0) {
        throw new Error(
          `nearestFaces: pack "${pack}" stores ${others.join('/')}-dimensional embeddings, the query has ${embedding.length}`,
        );
      }
      return null;
    }
    return k === 0 ? null : index.id;
  }

  /** The ids of the pack's vector indexes, by embedding size. */
  indexesOf(pack: string): number[] {
    return this.findPackIndexes.all(pack).map((row) => row.id);
  }

  /** The exact k nearest faces of one vector index, by sqlite-vec's scan. */
  nearestExactly(indexId: number, embedding: Float32Array, k: number): Neighbour[] {
    return this.knnStatement(indexId).all(embeddingToBlob(embedding), k);
  }

  private knnStatement(indexId: number) {
    let statement = this.knnStatements.get(indexId);
    if (!statement) {
      statement = this.prepareKnn(indexId);
      this.knnStatements.set(indexId, statement);
    }
    return statement;
  }

  private prepareKnn(indexId: number) {
    // The KNN runs alone in the CTE so that sqlite-vec sees its MATCH and k constraints; the join only maps keys to ids.
    return this.db.prepare<[Buffer, number], Neighbour>(`
      WITH knn AS (
        SELECT rowid AS num, distance FROM ${tableName(indexId)} WHERE embedding MATCH ? AND k = ?
      )
      SELECT faces.id AS faceId, knn.distance AS distance
      FROM knn JOIN faces ON faces.num = knn.num
      ORDER BY knn.distance, faces.id
    `);
  }
}

export function tableName(indexId: number): string {
  return `face_vectors_${indexId}`;
}
