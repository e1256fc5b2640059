import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StoredPhoto } from '../../catalog/catalog.js';
import { sidecarPath } from '../sidecar-path.js';
import { splitObjectUrl } from '../../library/bucket-objects.js';
import type { PhotoRegions } from './read-regions-types.js';

/** Where a bucket photo's bytes and its sidecars come from (PhotoBytes for the photo, BucketObjects for the rest). */
export interface BucketPhotoFiles {
  /** The photo's bytes, checked against its sha256. */
  photo(photo: StoredPhoto): Promise<Uint8Array>;
  /** An object's bytes, or null when the bucket has no such key. */
  optional(url: string): Promise<Uint8Array | null>;
}

/**
 * readPhotoRegions for a photo in a bucket. exiftool reads files only, so the object and the sidecars beside it
 * (key.xmp and key-without-extension.xmp, the two names sidecar-path.ts gives on disk) are written to a temporary
 * folder under the same names, read there exactly as photos on disk are, and removed afterwards. Messages and
 * region sources name the s3:// objects, never the temporary copies.
 */
export async function readBucketPhotoRegions(files: BucketPhotoFiles, photo: StoredPhoto, readLocal: (file: string) => Promise<PhotoRegions>): Promise<PhotoRegions> {
  const { bucket, key } = splitObjectUrl(photo.path);
  const folder = await mkdtemp(path.join(tmpdir(), 'facetag-import-'));
  try {
    const local = path.join(folder, path.posix.basename(key));
    const urlOf = new Map<string, string>([[local, photo.path]]);
    try {
      await writeFile(local, await files.photo(photo));
    } catch (error) {
      return { regions: [], unnamed: 0, photoLevelNames: [], errors: [`cannot read ${photo.path}: ${error instanceof Error ? error.message : String(error)}`] };
    }
    const unreadable: string[] = [];
    for (const sidecar of new Set([sidecarPath(local), sidecarPath(local, { naming: 'replace-extension' })])) {
      const folderOfKey = path.posix.dirname(key);
      const url = `s3://${bucket}/${folderOfKey === '.' ? '' : `${folderOfKey}/`}${path.basename(sidecar)}`;
      try {
        const bytes = await files.optional(url);
        if (bytes === null) continue;
        await writeFile(sidecar, bytes);
        urlOf.set(sidecar, url);
      } catch (error) {
        unreadable.push(`cannot read ${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const read = await readLocal(local);
    // Longest first: the photo's temporary name is the start of its keep-extension sidecar's.
    const copies = [...urlOf].sort(([a], [b]) => b.length - a.length);
    const named = (text: string) => copies.reduce((t, [file, url]) => t.split(file).join(url), text);
    return { ...read, regions: read.regions.map((r) => ({ ...r, file: named(r.file) })), errors: [...unreadable, ...read.errors.map(named)] };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
