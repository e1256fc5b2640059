import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectStore } from '../object-store.js';
import { checkS3Reachable } from './check-s3-reachable.js';
import { listObjects } from './list-objects.js';
import { assertValidListPrefix, assertValidObjectKey } from '../object-key.js';
import { readBodyBytes } from './read-body.js';
import { createS3Client } from './s3-client.js';
import { isNotFound } from './s3-errors.js';
import type { S3Settings } from './s3-settings.js';
import { formatS3Url } from './s3-url.js';

/**
 * Objects in an S3-compatible bucket below a key prefix. S3 writes are atomic per object, so unlike the local store
 * no temporary names are needed: a reader sees the old object or the new one, never half of either.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly ownsClient: boolean;

  /** Pass a client to share its connection pool; otherwise the store makes one and close() releases it. */
  constructor(
    private readonly settings: S3Settings,
    client?: S3Client,
  ) {
    this.client = client ?? createS3Client(settings);
    this.ownsClient = client === undefined;
  }

  describe(): string {
    return formatS3Url({ bucket: this.settings.bucket, prefix: this.settings.prefix });
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    // Upload sends one PutObject when the body fits in a part and a multipart upload otherwise, aborting the
    // multipart upload on failure so no orphaned parts keep costing storage.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: this.fullKey(key), Body: body, ContentType: contentType },
      partSize: this.settings.partSize,
      queueSize: this.settings.queueSize,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string): Promise<Uint8Array | null> {
    const fullKey = this.fullKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: fullKey }));
      return await readBodyBytes(response.Body, response.ContentLength, `reading ${this.describeKey(key)}`);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.fullKey(key) }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 whether or not the key existed, which is the contract's "deleting a missing object is harmless".
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.fullKey(key) }));
  }

  async *list(prefix: string): AsyncIterable<string> {
    assertValidListPrefix(prefix);
    const fullPrefix = this.settings.prefix + prefix;
    for await (const object of listObjects(this.client, this.settings.bucket, fullPrefix)) {
      // Zero-byte "folder" markers made by consoles and some sync tools are not objects of ours; and a key outside
      // the asked prefix would mean the server misread it, so it is never passed on.
      if (object.Key === undefined || object.Key.endsWith('/') || !object.Key.startsWith(fullPrefix)) continue;
      yield object.Key.slice(this.settings.prefix.length);
    }
  }

  /** The start-up check (see checkS3Reachable) on this store's own client. */
  async checkReachable(): Promise<void> {
    await checkS3Reachable(this.settings, this.client);
  }

  /** Releases the connection pool when the store made its own client. */
  close(): void {
    if (this.ownsClient) this.client.destroy();
  }

  private fullKey(key: string): string {
    assertValidObjectKey(key);
    return this.settings.prefix + key;
  }

  private describeKey(key: string): string {
    return `${this.describe()}${key}`;
  }
}
