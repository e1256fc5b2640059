import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config.js';
import { BucketObjects } from './bucket-objects.js';
import { ConflictError, NotFoundError } from './library-errors.js';

/**
 * The bytes of a stored photo, read where the scan found it: a file on this machine, or an object in a bucket
 * (one client per bucket, as the queue's PhotoReader). The location always comes from the catalog, never from a
 * request. The bytes are checked against the photo's sha256, so a file edited since its scan is never served
 * under the old photo's id (and its cache tags).
 */
export class PhotoBytes {
  private readonly objects: BucketObjects;

  constructor(config: Config) {
    this.objects = new BucketObjects(config);
  }

  async read(photo: { sha256: string; path: string }): Promise<Uint8Array> {
    const bytes = photo.path.startsWith('s3://') ? await this.readObject(photo.path) : await readLocal(photo.path);
    if (createHash('sha256').update(bytes).digest('hex') !== photo.sha256) {
      throw new ConflictError(`${photo.path} changed since it was scanned and no longer holds photo ${photo.sha256}; scan it again`);
    }
    return bytes;
  }

  close(): void {
    this.objects.close();
  }

  private async readObject(url: string): Promise<Uint8Array> {
    const bytes = await this.objects.readIfPresent(url);
    if (bytes === null) throw new NotFoundError(`the photo's object ${url} is gone (deleted since the scan)`);
    return bytes;
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
