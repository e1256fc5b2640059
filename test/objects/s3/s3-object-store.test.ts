import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3UnreachableError, checkS3Reachable } from '../../../src/objects/s3/check-s3-reachable.js';
import { listObjects } from '../../../src/objects/s3/list-objects.js';
import { openS3ObjectStore } from '../../../src/objects/s3/open-s3-object-store.js';
import { createS3Client } from '../../../src/objects/s3/s3-client.js';
import { S3ObjectStore } from '../../../src/objects/s3/s3-object-store.js';
import { describeObjectStoreContract } from '../object-store-contract.js';
import { deleteAllBelow, s3TestSettings } from './s3-test-server.js';

// Throws at import when the server variables are missing, failing this file with instructions.
const base = s3TestSettings();
const admin = createS3Client(base);

beforeAll(async () => {
  await checkS3Reachable(base, admin);
});

afterAll(() => {
  admin.destroy();
});

describeObjectStoreContract('S3', async () => {
  const settings = s3TestSettings();
  const store = new S3ObjectStore(settings);
  return {
    store,
    close: async () => {
      await deleteAllBelow(admin, settings.bucket, settings.prefix);
      store.close();
    },
  };
});

describe('S3ObjectStore', () => {
  it('uploads a large object in parts and reads it back byte for byte', async () => {
    const settings = s3TestSettings({ partSize: 5 * 1024 * 1024, queueSize: 2 });
    const store = new S3ObjectStore(settings);
    try {
      const size = 12 * 1024 * 1024 + 12_345;
      const body = new Uint8Array(size);
      for (let i = 0; i < size; i += 4096) body[i] = (i / 4096) % 251;
      body[size - 1] = 7;
      await store.put('big/object.bin', body, 'application/octet-stream');

      // A multipart ETag is "<md5 of the part md5s>-<part count>", which proves the upload really went in parts.
      const head = await admin.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: `${settings.prefix}big/object.bin` }));
      expect(head.ETag).toMatch(/-3"?$/);
      expect(head.ContentLength).toBe(size);
      expect(head.ContentType).toBe('application/octet-stream');

      const back = await store.get('big/object.bin');
      expect(back?.byteLength).toBe(size);
      expect(sha256(back!)).toBe(sha256(body));
    } finally {
      await deleteAllBelow(admin, settings.bucket, settings.prefix);
      store.close();
    }
  });

  it('returns a plain Uint8Array, not a Buffer, and keeps the content type', async () => {
    const settings = s3TestSettings();
    const store = new S3ObjectStore(settings);
    try {
      await store.put('thumbs/x.webp', Uint8Array.of(9, 8, 7), 'image/webp');
      const back = await store.get('thumbs/x.webp');
      expect(back?.constructor).toBe(Uint8Array);
      const head = await admin.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: `${settings.prefix}thumbs/x.webp` }));
      expect(head.ContentType).toBe('image/webp');
    } finally {
      await deleteAllBelow(admin, settings.bucket, settings.prefix);
      store.close();
    }
  });

  it('keeps to its prefix: lists only its own keys, and ignores folder markers', async () => {
    const mine = s3TestSettings();
    const other = s3TestSettings();
    const store = new S3ObjectStore(mine, admin);
    const neighbour = new S3ObjectStore(other, admin);
    try {
      await store.put('crops/a.jpg', Uint8Array.of(1), 'image/jpeg');
      await neighbour.put('crops/b.jpg', Uint8Array.of(2), 'image/jpeg');
      await admin.send(new PutObjectCommand({ Bucket: mine.bucket, Key: `${mine.prefix}crops/folder/`, Body: new Uint8Array(0) }));
      const keys: string[] = [];
      for await (const key of store.list('')) keys.push(key);
      expect(keys).toEqual(['crops/a.jpg']);
      expect(await store.has('crops/b.jpg')).toBe(false);
      expect(store.describe()).toBe(`s3://${mine.bucket}/${mine.prefix}`);
    } finally {
      await deleteAllBelow(admin, mine.bucket, mine.prefix);
      await deleteAllBelow(admin, other.bucket, other.prefix);
    }
  });

  it('lists across pages', async () => {
    const settings = s3TestSettings();
    const store = new S3ObjectStore(settings, admin);
    try {
      const keys = Array.from({ length: 7 }, (_, i) => `many/${i}`);
      await Promise.all(keys.map((key) => store.put(key, Uint8Array.of(1), 'application/octet-stream')));
      // Two keys a page: seven objects take four requests, so the continuation token is really followed.
      const listed: string[] = [];
      for await (const object of listObjects(admin, settings.bucket, `${settings.prefix}many/`, 2)) listed.push(object.Key!.slice(settings.prefix.length));
      expect(listed).toEqual(keys);
    } finally {
      await deleteAllBelow(admin, settings.bucket, settings.prefix);
    }
  });
});

describe('checkS3Reachable against the test server', () => {
  it('passes for the configured bucket, and openS3ObjectStore gives a working store', async () => {
    await expect(checkS3Reachable(base)).resolves.toBeUndefined();
    const store = await openS3ObjectStore(base);
    expect(await store.has('nothing-here')).toBe(false);
    store.close();
  });

  it('names the bucket when it does not exist', async () => {
    const settings = s3TestSettings({ bucket: 'facetag-no-such-bucket-here' });
    const error = await checkS3Reachable(settings).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(S3UnreachableError);
    expect((error as Error).message).toContain(settings.endpoint!);
    expect((error as Error).message).toMatch(/bucket "facetag-no-such-bucket-here": no such bucket/);
  });

  it('says access is denied for a wrong secret key', async () => {
    const settings = s3TestSettings({ credentials: { accessKeyId: process.env.S3_ACCESS_KEY!, secretAccessKey: 'not-the-secret' } });
    const error = await checkS3Reachable(settings).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(S3UnreachableError);
    expect((error as Error).message).toContain(settings.endpoint!);
    expect((error as Error).message).toMatch(/access denied/);
  });
});

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
