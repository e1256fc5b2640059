import { normalizeKeyPrefix } from '../object-key.js';

export interface S3Location {
  bucket: string;
  /** Normalised: "" for the whole bucket, otherwise ending in "/". */
  prefix: string;
}

/** "s3://bucket", "s3://bucket/" and "s3://bucket/some/prefix/" as a bucket and key prefix. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(url.trim());
  if (!match) throw new Error(`not an s3:// URL: "${url}" (expected s3://bucket or s3://bucket/prefix)`);
  const bucket = match[1]!;
  let prefix: string;
  try {
    // Keys are stored raw, but people paste console URLs with %20 and friends.
    prefix = normalizeKeyPrefix(decodeURIComponent(match[2] ?? ''));
  } catch (err) {
    throw new Error(`invalid s3:// URL "${url}": ${(err as Error).message}`);
  }
  return { bucket, prefix };
}

export function formatS3Url(location: S3Location): string {
  return `s3://${location.bucket}/${location.prefix}`;
}
