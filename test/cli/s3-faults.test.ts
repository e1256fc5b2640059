import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { listObjects } from '../../src/objects/s3/list-objects.js';
import { createS3Client } from '../../src/objects/s3/s3-client.js';
import { parseS3Settings } from '../../src/objects/s3/s3-settings.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { scanWithServerKilledAfter } from '../support/paused-scan.js';
import { PRIVATE_LOGIN, PrivateServer } from '../support/private-server.js';
import { dataset } from '../support/shared.js';

/*
 * The S3 server holding the face crops dies in the middle of a scan and stays down: the scan retries, then stops
 * cleanly; once the server is back, a second scan finishes with nothing lost or doubled. The server is the test's
 * own versitygw, so killing it disturbs no other test.
 */
const photos = dataset('small', 'deepface');
const BUCKET = 'crops';
let server: PrivateServer;

function privateClient() {
  return createS3Client(
    parseS3Settings({
      endpoint: server.url,
      forcePathStyle: true,
      credentials: { accessKeyId: PRIVATE_LOGIN.s3AccessKey, secretAccessKey: PRIVATE_LOGIN.s3SecretKey },
      bucket: BUCKET,
    }),
  );
}

beforeAll(async () => {
  server = await PrivateServer.start('s3');
  const client = privateClient();
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function exportOf(env: NodeJS.ProcessEnv): LibraryExport {
  const result = runCli(['export', '--format', 'json'], env);
  expect(result.code, result.stderr).toBe(0);
  return LibraryExportSchema.parse(JSON.parse(result.stdout));
}

describe('the crop store going away mid-scan (real S3-compatible server)', () => {
  it('stops cleanly while it is down, and a second scan finishes the job with nothing lost or doubled', async () => {
    const embedded = cliEnv(tempDir('s3-faults-embedded'));
    expect(runCli(['scan', photos], embedded).code).toBe(0);
    const expected = exportOf(embedded);

    const env = cliEnv(tempDir('s3-faults'), {
      FACETAG_OBJECTS: `s3://${BUCKET}/library/`,
      FACETAG_S3_ENDPOINT: server.url,
      FACETAG_S3_ACCESS_KEY: PRIVATE_LOGIN.s3AccessKey,
      FACETAG_S3_SECRET_KEY: PRIVATE_LOGIN.s3SecretKey,
      AWS_REGION: 'us-east-1',
    });
    const stopped = await scanWithServerKilledAfter([photos], env, 5, server);
    expect(stopped.code, stopped.stdout + stopped.stderr).not.toBe(0);
    expect(stopped.stderr).toMatch(/scan stopped: storage failed .*run the scan again to finish/);

    await server.restart();
    const rerun = runCli(['scan', photos], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/[1-9]\d* analysed, [1-9]\d* unchanged/);
    const library = exportOf(env);
    expect(library.photos.map((p) => [p.sha256, p.faces]).sort()).toEqual(expected.photos.map((p) => [p.sha256, p.faces]).sort());
    expect(library.people).toEqual(expected.people);

    const client = privateClient();
    const keys: string[] = [];
    for await (const object of listObjects(client, BUCKET, 'library/')) keys.push(object.Key!);
    client.destroy();
    const faceIds = library.photos.flatMap((p) => p.faces.map((f) => f.id)).sort();
    expect(keys.map((key) => key.replace(/^library\/crops\/(.*)\.jpg$/, '$1')).sort()).toEqual(faceIds);
  }, 600_000);
});
