import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { AnalyseTask } from '../../jobs/job-runner.js';
import type { S3Settings } from '../../objects/s3/s3-settings.js';
import type { ListedPhoto, PhotoSource, SourceEvent } from './photo-source.js';
import { S3PhotoSource } from './s3-photo-source.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.jpe', '.png', '.webp', '.gif', '.tif', '.tiff', '.heic', '.heif', '.avif', '.bmp']);
const SYSTEM_NAMES = new Set(['@eaDir', '#recycle', 'Thumbs.db', 'desktop.ini']);

/**
 * Photos in an S3-compatible bucket. Listing cannot see content, so objects are kept by name here and judged by
 * their bytes by the decoder; the bytes are read once, hashed, and handed to the worker with the task.
 */
export class BucketSource implements PhotoSource {
  private readonly source: S3PhotoSource;
  /** The bytes of the photo hashed last: the scan either links it (already known) or asks for its task next. */
  private lastRead: { path: string; bytes: Uint8Array } | null = null;

  constructor(private readonly settings: S3Settings) {
    this.source = new S3PhotoSource(settings);
  }

  describe(): string {
    return this.source.describe();
  }

  async *list(): AsyncGenerator<SourceEvent> {
    for await (const object of this.source.list()) {
      const parts = object.key.split('/');
      if (parts.some((part) => part.startsWith('.') || SYSTEM_NAMES.has(part))) continue;
      const photo: ListedPhoto = { path: this.source.urlOf(object.key), size: object.size, mtimeMs: object.lastModified.getTime() };
      if (!IMAGE_EXTENSIONS.has(extname(basename(object.key)).toLowerCase()) && extname(object.key) !== '') continue;
      yield { kind: 'photo', photo };
    }
  }

  async contentHash(photo: ListedPhoto): Promise<string> {
    const bytes = await this.source.read(this.keyOf(photo.path));
    this.lastRead = { path: photo.path, bytes };
    return createHash('sha256').update(bytes).digest('hex');
  }

  async task(photo: ListedPhoto, sha256: string): Promise<AnalyseTask> {
    const bytes = this.lastRead?.path === photo.path ? this.lastRead.bytes : await this.source.read(this.keyOf(photo.path));
    this.lastRead = null;
    return { path: photo.path, sha256, bytes };
  }

  prefixes(): string[] {
    return [this.source.urlOf(this.settings.prefix)];
  }

  async close(): Promise<void> {
    this.lastRead = null;
    this.source.close();
  }

  private keyOf(url: string): string {
    const prefix = `s3://${this.settings.bucket}/`;
    if (!url.startsWith(prefix)) throw new Error(`${url} is not in bucket ${this.settings.bucket}`);
    return url.slice(prefix.length);
  }
}
