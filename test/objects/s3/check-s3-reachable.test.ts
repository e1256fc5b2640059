import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { S3UnreachableError, checkS3Reachable } from '../../../src/objects/s3/check-s3-reachable.js';
import { openS3ObjectStore } from '../../../src/objects/s3/open-s3-object-store.js';
import { describeEndpoint, parseS3Settings } from '../../../src/objects/s3/s3-settings.js';

/** A loopback port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('checkS3Reachable without a server', () => {
  it('fails with the endpoint, the bucket and "connection refused" when nothing listens', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const settings = parseS3Settings({
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
      bucket: 'photos',
      maxAttempts: 2,
    });
    const started = Date.now();
    const error = await checkS3Reachable(settings).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(S3UnreachableError);
    expect((error as Error).message).toBe(`S3 unreachable at ${endpoint}, bucket "photos": connection refused (is the server running and is the port right?)`);
    expect((error as S3UnreachableError).cause).toBeDefined();
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stops openS3ObjectStore the same way', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const settings = parseS3Settings({ endpoint, credentials: { accessKeyId: 'k', secretAccessKey: 's' }, bucket: 'photos', maxAttempts: 1 });
    await expect(openS3ObjectStore(settings)).rejects.toThrow(`S3 unreachable at ${endpoint}, bucket "photos": connection refused`);
  });

  it('says the host name is not found for an unknown host', async () => {
    const settings = parseS3Settings({
      endpoint: 'http://facetag-no-such-host.invalid:9000',
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
      bucket: 'photos',
      maxAttempts: 1,
    });
    const error = await checkS3Reachable(settings).catch((err: unknown) => err);
    expect((error as Error).message).toMatch(/^S3 unreachable at http:\/\/facetag-no-such-host\.invalid:9000, bucket "photos": host name not found/);
  });
});

describe('describeEndpoint', () => {
  it('names the configured server, or AWS and the region when there is none', () => {
    expect(describeEndpoint(parseS3Settings({ endpoint: 'http://127.0.0.1:9000', bucket: 'photos' }))).toBe('http://127.0.0.1:9000');
    expect(describeEndpoint(parseS3Settings({ region: 'eu-west-1', bucket: 'photos' }))).toBe('AWS S3 (eu-west-1)');
  });
});
