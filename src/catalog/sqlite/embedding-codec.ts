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
