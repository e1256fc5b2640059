import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeS3Cause } from './s3-errors.js';
import { createS3Client } from './s3-client.js';
import { describeEndpoint, type S3Settings } from './s3-settings.js';

/** Raised at start-up so the CLI can print one line instead of a stack from deep inside the first scan. */
export class S3UnreachableError extends Error {
  constructor(
    readonly endpoint: string,
    readonly bucket: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`S3 unreachable at ${endpoint}, bucket "${bucket}": ${reason}`, options);
    this.name = 'S3UnreachableError';
  }
}

/**
 * HeadBucket proves at once that the server answers, the credentials are good and the bucket exists — the three
 * things that otherwise surface as confusing failures halfway through a scan. Retries as the settings say, so a
 * server that is still starting gets a moment.
 */
export async function checkS3Reachable(settings: S3Settings, client?: S3Client): Promise<void> {
  const owned = client === undefined;
  const s3 = client ?? createS3Client(settings);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: settings.bucket }));
  } catch (err) {
    throw new S3UnreachableError(describeEndpoint(settings), settings.bucket, describeS3Cause(err, settings.bucket), { cause: err });
  } finally {
    if (owned) s3.destroy();
  }
}
