import type { Config } from '../config/config.js';
import { BucketSource } from '../pipeline/sources/bucket-source.js';
import { FolderSource } from '../pipeline/sources/folder-source.js';
import type { PhotoSource } from '../pipeline/sources/photo-source.js';
import { s3SettingsFor } from './s3-settings-for.js';

/** Folders and files on this machine, or one s3://bucket/prefix. */
export function photoSourceFor(roots: readonly string[], config: Config): PhotoSource {
  const buckets = roots.filter((root) => root.startsWith('s3://'));
  if (buckets.length === 0) return new FolderSource(roots);
  if (buckets.length > 1 || roots.length > 1) throw new Error('scan one s3:// location at a time, without local folders beside it');
  return new BucketSource(s3SettingsFor(buckets[0]!, config));
}
