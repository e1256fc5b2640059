import { describe, expect, it } from 'vitest';
import { parseS3Settings } from '../../../src/objects/s3/s3-settings.js';

describe('parseS3Settings', () => {
  it('fills in defaults: AWS region, default credential chain, adaptive retries, 8 MiB parts', () => {
    const settings = parseS3Settings({ bucket: 'photos' });
    expect(settings).toMatchObject({ region: 'us-east-1', forcePathStyle: false, prefix: '', maxAttempts: 5, retryMode: 'adaptive', partSize: 8 * 1024 * 1024 });
    expect(settings.endpoint).toBeUndefined();
    expect(settings.credentials).toBeUndefined();
  });

  it('normalises the prefix to end in one slash', () => {
    expect(parseS3Settings({ bucket: 'photos', prefix: '/facetag/crops' }).prefix).toBe('facetag/crops/');
  });

  it('names every bad field', () => {
    const attempt = () =>
      parseS3Settings({ bucket: 'no/slashes', endpoint: 'ftp://x', prefix: 'a/../b', partSize: 1024, credentials: { accessKeyId: '', secretAccessKey: 's' } });
    expect(attempt).toThrow(/^invalid S3 settings: /);
    for (const part of ['endpoint: endpoint must be an http:// or https:// URL', 'bucket: not a valid bucket name', 'credentials.accessKeyId:', 'prefix: invalid key prefix "a/../b"', 'partSize:']) {
      expect(attempt).toThrow(part);
    }
  });
});
