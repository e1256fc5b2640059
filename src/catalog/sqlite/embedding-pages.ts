import type { EmbeddingPage } from '../catalog.js';
import type { SqliteDatabase } from './connection.js';
import { blobsToMatrix } from './embedding-codec.js';

/**
 * Pages of a pack's embeddings in storage order (the faces' row numbers), the cursor being the last row number read:
 * each page is one range scan of the pack's index, the blobs copied straight into one Float32Array.
 */
export class EmbeddingPages {
  private readonly page;

  constructor(db: SqliteDatabase) {
    this.page = db.prepare<[string, number, number], { num: number; id: string; embedding: Buffer }>(
      'SELECT num, id, embedding FROM faces WHERE pack = ? AND num > ? ORDER BY num LIMIT ?',
    );
  }

  read(pack: string, cursor: string | null, limit: number): EmbeddingPage {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`embedding page size must be a whole number >= 1, got ${limit}`);
    const after = cursor === null ? 0 : Number(cursor);
    if (!Number.isSafeInteger(after) || after < 0) throw new Error(`not an embedding page cursor: ${JSON.stringify(cursor)}`);
    const rows = this.page.all(pack, after, limit);
    const dimensions = (rows[0]?.embedding.byteLength ?? 0) / Float32Array.BYTES_PER_ELEMENT;
    return {
      faceIds: rows.map((row) => row.id),
      embeddings: blobsToMatrix(rows, (row) => row.embedding, dimensions, (row) => `face ${row.id} in pack ${pack}`),
      dimensions,
      next: rows.length < limit ? null : String(rows.at(-1)!.num),
    };
  }
}
