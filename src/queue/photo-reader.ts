import type { Config } from '../config/config.js';
import type { AnalyseTask } from '../jobs/job-runner.js';
import { s3SettingsFor } from '../library/s3-settings-for.js';
import { S3PhotoSource } from '../pipeline/sources/s3-photo-source.js';
import type { QueuedPhoto } from './job-data.js';

/**
 * Turns a queued photo into an analysis task on a worker. Files are read by the analysis thread itself (workers on
 * one machine, or a shared mount, see the same paths); objects in a bucket are fetched here, one client per bucket.
 */
export class PhotoReader {
  private readonly buckets = new Map<string, S3PhotoSource>();

  constructor(private readonly config: Config) {}

  async task(photo: QueuedPhoto): Promise<AnalyseTask> {
    if (!photo.path.startsWith('s3://')) return { path: photo.path, sha256: photo.sha256 };
    // Keys are taken raw (no URL decoding): the path is the exact s3://bucket/key the bucket listing produced.
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(photo.path);
    if (!match) throw new Error(`not an s3:// object URL: ${photo.path}`);
    const [, bucket, key] = match as unknown as [string, string, string];
    let source = this.buckets.get(bucket);
    if (!source) {
      source = new S3PhotoSource(s3SettingsFor(`s3://${bucket}/`, this.config));
      this.buckets.set(bucket, source);
    }
    return { path: photo.path, sha256: photo.sha256, bytes: await source.read(key) };
  }

  close(): void {
    for (const source of this.buckets.values()) source.close();
    this.buckets.clear();
  }
}
