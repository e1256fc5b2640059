import type { Config } from '../config/config.js';
import { S3PhotoSource } from '../pipeline/sources/s3-photo-source.js';
import { s3SettingsFor } from './s3-settings-for.js';

/** An s3://bucket/key URL as its bucket and raw key (no URL decoding: the exact key the bucket listing gave). */
export function splitObjectUrl(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match) throw new Error(`not an s3:// object URL: ${url}`);
  return { bucket: match[1]!, key: match[2]! };
}

/**
 * Objects read from the buckets the library's photos came from, one client per bucket, with the credentials the
 * scan used: the photos themselves (PhotoBytes) and their sidecars. A missing object is null, not an error.
 */
export class BucketObjects {
  private readonly sources = new Map<string, S3PhotoSource>();

  constructor(private readonly config: Config) {}

  async readIfPresent(url: string): Promise<Uint8Array | null> {
    const { bucket, key } = splitObjectUrl(url);
    let source = this.sources.get(bucket);
    if (!source) {
      source = new S3PhotoSource(s3SettingsFor(`s3://${bucket}/`, this.config));
      this.sources.set(bucket, source);
    }
    try {
      return await source.read(key);
    } catch (error) {
      // S3PhotoSource says a missing object in these words (isNotFound on the SDK's error).
      if (error instanceof Error && /no such object/.test(error.message)) return null;
      throw error;
    }
  }

  close(): void {
    for (const source of this.sources.values()) source.close();
    this.sources.clear();
  }
}
