/** A photo object as a bucket listing describes it, before any byte is read. */
export interface RemotePhoto {
  /** The full key in the bucket. */
  key: string;
  size: number;
  /** Opaque, as the server sent it (quotes included). Not a content hash: multipart ETags are not an MD5. */
  etag: string;
  lastModified: Date;
}

/**
 * What a rescan compares to decide whether to read an object again — the remote counterpart of a file's size and
 * mtime. Any of the three changing means "read it and hash it"; the sha256 of the bytes stays the photo id, so a
 * re-uploaded identical photo is still recognised as the same photo.
 */
export function remotePhotoVersion(photo: Pick<RemotePhoto, 'etag' | 'size' | 'lastModified'>): string {
  return `${photo.etag}|${photo.size}|${photo.lastModified.toISOString()}`;
}

export function isSameRemoteVersion(a: Pick<RemotePhoto, 'etag' | 'size' | 'lastModified'>, b: Pick<RemotePhoto, 'etag' | 'size' | 'lastModified'>): boolean {
  return remotePhotoVersion(a) === remotePhotoVersion(b);
}
