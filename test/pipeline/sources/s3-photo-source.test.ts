import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkS3Reachable } from '../../../src/objects/s3/check-s3-reachable.js';
import { createS3Client } from '../../../src/objects/s3/s3-client.js';
import { sha256File } from '../../../src/pipeline/hash-file.js';
import type { RemotePhoto } from '../../../src/pipeline/sources/remote-photo.js';
import { S3PhotoSource } from '../../../src/pipeline/sources/s3-photo-source.js';
import { deleteAllBelow, s3TestSettings } from '../../objects/s3/s3-test-server.js';
import { dataset } from '../../support/shared.js';

// Throws at import when the server variables are missing, failing this file with instructions.
const settings = s3TestSettings();
const admin = createS3Client(settings);
const photos = {
  'album/a.jpg': dataset('small', 'deepface', 'person02', 'img3.jpg'),
  'album/trip/b.jpg': dataset('small', 'deepface', 'person04', 'img13.jpg'),
};

beforeAll(async () => {
  await checkS3Reachable(settings, admin);
  for (const [key, path] of Object.entries(photos)) {
    await admin.send(new PutObjectCommand({ Bucket: settings.bucket, Key: settings.prefix + key, Body: await readFile(path), ContentType: 'image/jpeg' }));
  }
  // What a console's "create folder" leaves behind: not a photo.
  await admin.send(new PutObjectCommand({ Bucket: settings.bucket, Key: `${settings.prefix}album/empty/`, Body: new Uint8Array(0) }));
});

afterAll(async () => {
  await deleteAllBelow(admin, settings.bucket, settings.prefix);
  admin.destroy();
});

async function listAll(source: S3PhotoSource): Promise<RemotePhoto[]> {
  const listed: RemotePhoto[] = [];
  for await (const photo of source.list()) listed.push(photo);
  return listed;
}

describe('S3PhotoSource', () => {
  it('lists the photos below its prefix with size, ETag and modification time', async () => {
    const source = new S3PhotoSource(settings, admin);
    const listed = await listAll(source);
    expect(listed.map((p) => p.key)).toEqual(Object.keys(photos).map((key) => settings.prefix + key));
    for (const photo of listed) {
      const path = photos[photo.key.slice(settings.prefix.length) as keyof typeof photos];
      expect(photo.size).toBe((await stat(path)).size);
      expect(photo.etag).not.toBe('');
      expect(photo.lastModified).toBeInstanceOf(Date);
      expect(Math.abs(photo.lastModified.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    }
    expect(source.urlOf(listed[0]!.key)).toBe(`s3://${settings.bucket}/${settings.prefix}album/a.jpg`);
  });

  it('reads the whole photo, whose sha256 is the same photo id as the file on disk', async () => {
    const source = new S3PhotoSource(settings, admin);
    for (const photo of await listAll(source)) {
      const bytes = await source.read(photo.key, photo.etag);
      const path = photos[photo.key.slice(settings.prefix.length) as keyof typeof photos];
      expect(bytes.constructor).toBe(Uint8Array);
      expect(bytes.byteLength).toBe(photo.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(await sha256File(path));
    }
  });

  it('refuses to read an object that changed since it was listed, or is gone', async () => {
    const sub = s3TestSettings();
    const source = new S3PhotoSource(sub, admin);
    try {
      await admin.send(new PutObjectCommand({ Bucket: sub.bucket, Key: `${sub.prefix}x.jpg`, Body: Uint8Array.of(1, 2, 3) }));
      const [listed] = await listAll(source);
      await admin.send(new PutObjectCommand({ Bucket: sub.bucket, Key: `${sub.prefix}x.jpg`, Body: Uint8Array.of(4, 5, 6, 7) }));
      await expect(source.read(listed!.key, listed!.etag)).rejects.toThrow(`cannot read s3://${sub.bucket}/${sub.prefix}x.jpg: it changed since it was listed`);
      expect(await source.read(listed!.key)).toEqual(Uint8Array.of(4, 5, 6, 7));
      await expect(source.read(`${sub.prefix}gone.jpg`)).rejects.toThrow(/no such object/);
    } finally {
      await deleteAllBelow(admin, sub.bucket, sub.prefix);
    }
  });
});
