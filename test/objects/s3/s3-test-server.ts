import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listObjects } from '../../../src/objects/s3/list-objects.js';
import { parseS3Settings, type S3Settings, type S3SettingsInput } from '../../../src/objects/s3/s3-settings.js';

const REQUIRED = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const;

/**
 * The S3-compatible server the tests run against, from the variables `scripts/test-servers up` prints. Missing
 * variables fail the importing test file: a silent skip would let a green run hide an untested production backend.
 */
export function s3TestSettings(overrides: Partial<S3SettingsInput> = {}): S3Settings {
  const missing = REQUIRED.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `S3 tests need a running S3-compatible server, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.\n` +
        `Start the test servers and export their settings first:\n\n    eval "$(scripts/test-servers up)"\n\n` +
        `(or point S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY and S3_BUCKET at any S3-compatible server with an existing bucket)`,
    );
  }
  return parseS3Settings({
    endpoint: process.env.S3_ENDPOINT!,
    region: process.env.S3_REGION!,
    forcePathStyle: true,
    credentials: { accessKeyId: process.env.S3_ACCESS_KEY!, secretAccessKey: process.env.S3_SECRET_KEY! },
    bucket: process.env.S3_BUCKET!,
    // A fresh prefix per call, so tests and concurrent runs never see each other's objects.
    prefix: uniqueTestPrefix(),
    // Fail fast on a broken server instead of retrying through the test timeout.
    maxAttempts: 2,
    ...overrides,
  });
}

export function uniqueTestPrefix(): string {
  return `facetag-test/${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}/`;
}

/** Removes everything a test wrote below its prefix, leaving the shared bucket as it was. */
export async function deleteAllBelow(client: S3Client, bucket: string, prefix: string): Promise<void> {
  if (!prefix.startsWith('facetag-test/')) throw new Error(`refusing to clean up "${prefix}": not a test prefix`);
  const keys: string[] = [];
  for await (const object of listObjects(client, bucket, prefix)) if (object.Key) keys.push(object.Key);
  // One DeleteObject each rather than DeleteObjects: the batch call needs Content-MD5, which not every server takes.
  await Promise.all(keys.map((key) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))));
}

/** The shared test server's settings as facetag's own environment variables, for tests that run the CLI. */
export function s3CliEnv(): Record<string, string> {
  s3TestSettings(); // fails with the how-to when the variables are missing
  return {
    FACETAG_S3_ENDPOINT: process.env.S3_ENDPOINT!,
    FACETAG_S3_ACCESS_KEY: process.env.S3_ACCESS_KEY!,
    FACETAG_S3_SECRET_KEY: process.env.S3_SECRET_KEY!,
    AWS_REGION: process.env.S3_REGION!,
  };
}
