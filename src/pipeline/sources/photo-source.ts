import type { AnalyseTask } from '../../jobs/job-runner.js';

/** A photo as a source lists it: where it is and what tells a rescan that it changed. */
export interface ListedPhoto {
  /** A file path, or an s3://bucket/key URL. */
  path: string;
  size: number;
  mtimeMs: number;
}

export type SourceEvent =
  | { kind: 'photo'; photo: ListedPhoto }
  /** Claims to be an image (by name) but is not one: reported, not silently dropped. */
  | { kind: 'not-an-image'; photo: ListedPhoto; reason: string };

/** Where photos come from: folders on this machine, or a bucket. */
export interface PhotoSource {
  describe(): string;
  list(): AsyncIterable<SourceEvent>;
  /** The content hash, the photo's identity. */
  contentHash(photo: ListedPhoto): Promise<string>;
  /** What a worker needs to analyse the photo (the bytes travel along when a worker cannot read the path itself). */
  task(photo: ListedPhoto, sha256: string): Promise<AnalyseTask>;
  /** The path prefixes this source covers, for pruning what disappeared. */
  prefixes(): string[];
  close(): Promise<void>;
}
