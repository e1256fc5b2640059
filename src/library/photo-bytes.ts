import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config.js';
import { S3PhotoSource } from '../pipeline/sources/s3-photo-source.js';
import { ConflictError, NotFoundError } from './library-errors.js';
import { s3SettingsFor } from './s3-settings-for.js';

/**
 * The bytes of a stored photo, read where the scan found it: a file on this machine, or an object in a bucket
 * (one client per bucket, as the queue's PhotoReader). The location always comes from the catalog, never from a
 * request. The bytes are checked against the photo's sha256, so a file edited since its scan is never served
 * under the old photo's id (and its cache tags).
 */
export class PhotoBytes {
  private readonly buckets = new Map<string, S3PhotoSource>();

  constructor(private readonly config: Config) {}

  async read(photo: { sha256: string; path: string }): Promise<Uint8Array> {
    const bytes = photo.path.startsWith('s3://') ? await this.readObject(photo.path) : await readLocal(photo.path);
    if (createHash('sha256').update(bytes).digest('hex') !== photo.sha256) {
      throw new ConflictError(`${photo.path} changed since it was scanned and no longer holds photo ${photo.sha256}; scan it again`);
    }
    return bytes;
  }

  close(): void {
    for (const source of this.buckets.values()) source.close();
    this.buckets.clear();
  }

  private async readObject(url: string): Promise<Uint8Array> {
    // Keys are taken raw (no URL decoding): the path is the exact s3://bucket/key the bucket listing produced.
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
    if (!match) throw new Error(`not an s3:// object URL: ${url}`);
    const [, bucket, key] = match as unknown as [string, string, string];
    let source = this.buckets.get(bucket);
    if (!source) {
      source = new S3PhotoSource(s3SettingsFor(`s3://${bucket}/`, this.config));
      this.buckets.set(bucket, source);
    }
    try {
      return await source.read(key);
    } catch (err) {
      if (err instanceof Error && /no such object/.test(err.message)) throw new NotFoundError(err.message);
      throw err;
    }
  }
}

async function readLocal(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(`the photo's file ${path} is gone (moved or deleted since the scan)`);
    throw err;
  }
}
