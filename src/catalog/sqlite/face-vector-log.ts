import type { SqliteDatabase } from './connection.js';
import { blobsToMatrix, blobToEmbedding } from './embedding-codec.js';

export interface FaceVectorChange {
  seq: number;
  num: number;
  added: boolean;
}

export interface ApproximateIndexState {
  savedSeq: number;
  /** Faces in the saved file, or null while no valid file exists. */
  faces: number | null;
  /** Sum of the saved file's keys, a checksum of which faces it holds. */
  keySum: number | null;
  /** Size of the saved file: a file of another size is damaged and never handed to the index library. */
  fileBytes: number | null;
  /** JSON array of the faces the saved file holds but its graph does not reach; null when the file was never checked. */
  unreachableNums: string | null;
}

export interface SavedIndexContent {
  faces: number;
  keySum: number;
  fileBytes: number;
  unreachable: readonly number[];
}

/** Rows read per statement when streaming faces or changes, so memory stays bounded at any library size. */
export const STREAM_BATCH = 10_000;

/**
 * The catalog's side of an approximate index: the change log its triggers write (migration 5), the state of the
 * saved file, and the embeddings the index is built from. Only this file knows those tables.
 */
export class FaceVectorLog {
  private readonly highWaterStatement;
  private readonly changesStatement;
  private readonly stateStatement;
  private readonly writeStateStatement;
  private readonly pruneStatement;
  private readonly countStatement;
  private readonly batchStatement;
  private readonly embeddingStatement;
  private readonly embeddingsStatement;
  private readonly hasUnfollowedStatement;
  private readonly pruneUnfollowedStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.highWaterStatement = db
      .prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'face_vector_changes'")
      .pluck();
    this.changesStatement = db.prepare<[number, number, number], { seq: number; num: number; added: number }>(
      'SELECT seq, num, added FROM face_vector_changes WHERE vector_index = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.stateStatement = db.prepare<[number], ApproximateIndexState>(
      'SELECT saved_seq AS savedSeq, faces, key_sum AS keySum, file_bytes AS fileBytes, unreachable_nums AS unreachableNums ' +
        'FROM approximate_indexes WHERE vector_index = ?',
    );
    this.writeStateStatement = db.prepare<[number, number, number | null, number | null, number | null, string | null, string]>(`
      INSERT INTO approximate_indexes (vector_index, saved_seq, faces, key_sum, file_bytes, unreachable_nums, saved_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (vector_index) DO UPDATE SET saved_seq = excluded.saved_seq, faces = excluded.faces,
        key_sum = excluded.key_sum, file_bytes = excluded.file_bytes, unreachable_nums = excluded.unreachable_nums,
        saved_at = excluded.saved_at
    `);
    this.pruneStatement = db.prepare<[number, number]>('DELETE FROM face_vector_changes WHERE vector_index = ? AND seq <= ?');
    this.countStatement = db.prepare<[number], { faces: number; keySum: number }>(
      'SELECT count(*) AS faces, coalesce(sum(num), 0) AS keySum FROM faces WHERE vector_index = ?',
    );
    this.batchStatement = db.prepare<[number, number, number], { num: number; embedding: Buffer }>(
      'SELECT num, embedding FROM faces WHERE vector_index = ? AND num > ? ORDER BY num LIMIT ?',
    );
    this.embeddingStatement = db.prepare<[number, number], { id: string; embedding: Buffer }>(
      'SELECT id, embedding FROM faces WHERE num = ? AND vector_index = ?',
    );
    const unfollowed = 'vector_index NOT IN (SELECT vector_index FROM approximate_indexes)';
    this.hasUnfollowedStatement = db.prepare<[], number>(`SELECT EXISTS (SELECT 1 FROM face_vector_changes WHERE ${unfollowed})`).pluck();
    this.pruneUnfollowedStatement = db.prepare(`DELETE FROM face_vector_changes WHERE ${unfollowed}`);
    this.embeddingsStatement = db.prepare<[string, number], { num: number; id: string; embedding: Buffer }>(
      'SELECT num, id, embedding FROM faces WHERE num IN (SELECT value FROM json_each(?)) AND vector_index = ?',
    );
  }

  /** The last change ever logged, for any index: unchanged means nothing changed. */
  highWater(): number {
    return this.highWaterStatement.get() ?? 0;
  }

  /** Changes of one index after seq, oldest first, in batches. */
  *changesSince(vectorIndex: number, seq: number): Generator<FaceVectorChange[]> {
    for (let after = seq; ; ) {
      const rows = this.changesStatement.all(vectorIndex, after, STREAM_BATCH);
      if (rows.length === 0) return;
      yield rows.map((row) => ({ seq: row.seq, num: row.num, added: row.added === 1 }));
      after = rows[rows.length - 1]!.seq;
    }
  }

  state(vectorIndex: number): ApproximateIndexState | undefined {
    return this.stateStatement.get(vectorIndex);
  }

  /**
   * Marks the index as being rebuilt from the faces as of now: its log is kept from here on, and until a file is
   * saved the state says there is none. Returns the seq the rebuild starts from.
   */
  startRebuild(vectorIndex: number): number {
    return this.db
      .transaction(() => {
        const seq = this.highWater();
        this.writeStateStatement.run(vectorIndex, seq, null, null, null, null, new Date().toISOString());
        return seq;
      })
      .immediate();
  }

  /**
   * Forgets the changes of indexes no one follows (small libraries, or the index turned off): a rebuild starts from
   * the faces, not the log, and marks its index as followed in the same transaction that reads where it starts.
   */
  pruneUnfollowed(): void {
    if (this.hasUnfollowedStatement.get() === 1) this.db.transaction(() => this.pruneUnfollowedStatement.run()).immediate();
  }

  /** The file now holds every change up to seq: record it and forget the older changes. Caller holds the write lock. */
  recordSaved(vectorIndex: number, seq: number, content: SavedIndexContent): void {
    const unreachable = JSON.stringify(content.unreachable);
    this.writeStateStatement.run(vectorIndex, seq, content.faces, content.keySum, content.fileBytes, unreachable, new Date().toISOString());
    this.pruneStatement.run(vectorIndex, seq);
  }

  /** What an index in step with the catalog holds: how many faces, and the sum of their keys. */
  contentOf(vectorIndex: number): { faces: number; keySum: number } {
    return this.countStatement.get(vectorIndex)!;
  }

  /** Every face of the index as (nums, flattened vectors), in batches by num. */
  *facesOf(vectorIndex: number, dimensions: number): Generator<{ nums: number[]; vectors: Float32Array }> {
    for (let after = 0; ; ) {
      const rows = this.batchStatement.all(vectorIndex, after, STREAM_BATCH);
      if (rows.length === 0) return;
      const vectors = blobsToMatrix(rows, (row) => row.embedding, dimensions, (row) => `face number ${row.num} of vector index ${vectorIndex}`);
      yield { nums: rows.map((row) => row.num), vectors };
      after = rows[rows.length - 1]!.num;
    }
  }

  /** The face id and embedding behind a key, or undefined when the face is gone. */
  face(vectorIndex: number, num: number): { id: string; embedding: Float32Array } | undefined {
    const row = this.embeddingStatement.get(num, vectorIndex);
    return row && { id: row.id, embedding: blobToEmbedding(row.embedding) };
  }

  /** The embeddings behind keys as (nums, flattened vectors), in one statement; faces gone by now are absent. */
  vectorsOf(vectorIndex: number, nums: readonly number[], dimensions: number): { nums: number[]; vectors: Float32Array } {
    const rows = this.embeddingsStatement.all(JSON.stringify(nums), vectorIndex);
    const vectors = blobsToMatrix(rows, (row) => row.embedding, dimensions, (row) => `face number ${row.num} of vector index ${vectorIndex}`);
    return { nums: rows.map((row) => row.num), vectors };
  }

  /** The face ids and embeddings behind keys, in one statement; faces gone by now are absent. */
  faces(vectorIndex: number, nums: readonly number[]): { faceId: string; embedding: Float32Array }[] {
    return this.embeddingsStatement
      .all(JSON.stringify(nums), vectorIndex)
      .map((row) => ({ faceId: row.id, embedding: blobToEmbedding(row.embedding) }));
  }
}
