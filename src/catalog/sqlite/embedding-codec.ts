/** Embeddings are stored as little-endian float32 blobs, the format sqlite-vec reads directly. */

export function embeddingToBlob(embedding: Float32Array): Buffer {
  return Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength);
}

export function blobToEmbedding(blob: Uint8Array): Float32Array {
  if (blob.byteLength % Float32Array.BYTES_PER_ELEMENT !== 0) {
    throw new Error(`stored embedding has ${blob.byteLength} bytes, not a whole number of float32 values`);
  }
  // Copy: a Buffer from SQLite may sit at an offset that is not 4-byte aligned, which Float32Array cannot view.
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/**
 * Rows' blobs copied straight into one row-major matrix (one allocation, no copy per row), each blob checked to have
 * `dimensions` float32 values; `describe` names a row whose blob does not.
 */
export function blobsToMatrix<Row>(rows: readonly Row[], blobOf: (row: Row) => Uint8Array, dimensions: number, describe: (row: Row) => string): Float32Array {
  const bytes = dimensions * Float32Array.BYTES_PER_ELEMENT;
  const matrix = new Float32Array(rows.length * dimensions);
  const target = new Uint8Array(matrix.buffer);
  rows.forEach((row, i) => {
    const blob = blobOf(row);
    if (blob.byteLength !== bytes) throw new Error(`${describe(row)}: embedding of ${blob.byteLength} bytes, expected ${bytes}`);
    target.set(blob, i * bytes);
  });
  return matrix;
}
