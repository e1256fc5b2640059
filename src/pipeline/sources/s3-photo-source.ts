import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listObjects } from '../../objects/s3/list-objects.js';
import { readBodyBytes } from '../../objects/s3/read-body.js';
import { createS3Client } from '../../objects/s3/s3-client.js';
import { httpStatusOf, isNotFound } from '../../objects/s3/s3-errors.js';
import type { S3Settings } from '../../objects/s3/s3-settings.js';
import { formatS3Url } from '../../objects/s3/s3-url.js';
import type { RemotePhoto } from './remote-photo.js';

/**
 * Photos kept in a bucket (settings.bucket, below settings.prefix), read in place: nothing is copied to disk.
 * Which objects are images is left to the caller, which decides by their bytes as it does for files.
 */
export class S3PhotoSource {
  private readonly client: S3Client;
  private readonly ownsClient: boolean;

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

  /** s3://bucket/key of one photo, for messages and as the photo's location in the catalog. */
  urlOf(key: string): string {
    return `s3://${this.settings.bucket}/${key}`;
  }

  /** Every object below the prefix in key order, one listing page at a time. */
  async *list(): AsyncGenerator<RemotePhoto> {
    for await (const object of listObjects(this.client, this.settings.bucket, this.settings.prefix)) {
      // Zero-byte "folder" markers left by consoles and sync tools are not photos.
      if (object.Key === undefined || object.Key.endsWith('/')) continue;
      yield {
        key: object.Key,
        size: object.Size ?? 0,
        etag: object.ETag ?? '',
        lastModified: object.LastModified ?? new Date(0),
      };
    }
  }

  /**
   * The whole object in one buffer (decoders need all of it). Given the ETag from the listing, the read fails
   * instead of returning bytes from a newer upload than the one listed, which would pair new bytes with old metadata.
   */
  async read(key: string, expectedEtag?: string): Promise<Uint8Array> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: key, ...(expectedEtag ? { IfMatch: expectedEtag } : {}) }),
      );
      return await readBodyBytes(response.Body, response.ContentLength, `reading ${this.urlOf(key)}`);
    } catch (err) {
      if (isNotFound(err)) throw new Error(`cannot read ${this.urlOf(key)}: no such object (deleted since it was listed?)`, { cause: err });
      if (httpStatusOf(err) === 412) throw new Error(`cannot read ${this.urlOf(key)}: it changed since it was listed`, { cause: err });
      throw err;
    }
  }

  close(): void {
    if (this.ownsClient) this.client.destroy();
  }
}
