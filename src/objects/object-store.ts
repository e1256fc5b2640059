/**
 * Where face crops and thumbnails live. Keys are content-derived ("crops/<faceId>.jpg"), so writing twice is harmless.
 * Implementations: local folder (here), S3-compatible bucket (later). Same contract tests for both.
 */
export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  list(prefix: string): AsyncIterable<string>;
  /** Human-readable location for messages, e.g. a folder path or s3://bucket/prefix. */
  describe(): string;
}
