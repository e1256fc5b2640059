import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/objects/s3/s3-client.js';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { deleteAllBelow, s3TestSettings, s3CliEnv } from '../objects/s3/s3-test-server.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

const photos = s3TestSettings();
const crops = s3TestSettings();
const client = createS3Client(photos);
const s3Env = s3CliEnv();

afterAll(async () => {
  await deleteAllBelow(client, photos.bucket, photos.prefix);
  await deleteAllBelow(client, crops.bucket, crops.prefix);
  client.destroy();
});

describe('scanning photos in a bucket, crops to a bucket (real S3-compatible server)', () => {
  it('finds the same faces as a folder scan, skips unchanged objects and writes crops', async () => {
    const folder = dataset('small', 'deepface', 'person01');
    const names = readdirSync(folder).sort();
    for (const name of names) {
      await client.send(new PutObjectCommand({ Bucket: photos.bucket, Key: `${photos.prefix}album/${name}`, Body: readFileSync(join(folder, name)) }));
    }
    const bucketUrl = `s3://${photos.bucket}/${photos.prefix}`;
    const cropsUrl = `s3://${crops.bucket}/${crops.prefix}`;
    const env = cliEnv(tempDir('s3-library'), s3Env);

    const scan = runCli(['scan', bucketUrl, '--objects', cropsUrl], env);
    expect(scan.stderr).not.toMatch(/^facetag:/m);
    expect(scan.stdout).toMatch(new RegExp(`${names.length} analysed, 0 unchanged`));
    const again = runCli(['scan', bucketUrl, '--objects', cropsUrl], env);
    expect(again.stdout).toMatch(new RegExp(`0 analysed, ${names.length} unchanged`));

    const fromBucket = LibraryExportSchema.parse(JSON.parse(runCli(['export', '--format', 'json', '--objects', cropsUrl], env).stdout));
    const local = cliEnv(tempDir('folder-library'));
    runCli(['scan', folder], local);
    const fromFolder = LibraryExportSchema.parse(JSON.parse(runCli(['export', '--format', 'json'], local).stdout));
    const faces = (library: typeof fromBucket) => library.photos.map((p) => [p.sha256, p.faces.map((f) => f.box)]).sort();
    expect(faces(fromBucket)).toEqual(faces(fromFolder));
    expect(fromBucket.photos.every((p) => p.path.startsWith(`s3://${photos.bucket}/`))).toBe(true);

    const cropKeys = [];
    for await (const key of (await import('../../src/objects/s3/list-objects.js')).listObjects(client, crops.bucket, crops.prefix)) cropKeys.push(key.Key);
    expect(cropKeys.length).toBe(fromBucket.photos.reduce((n, p) => n + p.faces.length, 0));
  });

  it('refuses to start when the crops bucket cannot be reached, naming it', () => {
    const env = cliEnv(tempDir('s3-down'), { ...s3Env, FACETAG_S3_ENDPOINT: 'http://127.0.0.1:9' });
    const scan = runCli(['scan', dataset('small', 'deepface', 'person01'), '--objects', 's3://nowhere/crops'], env);
    expect(scan.code).not.toBe(0);
    expect(scan.stderr).toMatch(/S3 unreachable at http:\/\/127\.0\.0\.1:9, bucket "nowhere"/);
  });
});
