import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/objects/s3/s3-client.js';
import { BullmqQueues } from '../../src/queue/bullmq/bullmq-queues.js';
import { deleteAllBelow, s3TestSettings, s3CliEnv } from '../objects/s3/s3-test-server.js';
import { cliEnv, runCli, runCliAsync, tempDir } from '../support/cli.js';
import { failIfHung, tail } from '../support/hang-guard.js';
import { dataset } from '../support/shared.js';
import { exited, libraryOutcome, queueAccount, queueSettings, redisUrl, scanNumbers, startWorker, uniquePrefix, until } from './queue-test-support.js';

const url = redisUrl();
const prefix = uniquePrefix('s3');
const queues = new BullmqQueues(queueSettings(url, prefix));
const photos = s3TestSettings();
const client = createS3Client(photos);
const s3Env = s3CliEnv();
let worker: ReturnType<typeof startWorker> | null = null;

afterAll(async () => {
  worker?.kill('SIGKILL');
  await deleteAllBelow(client, photos.bucket, photos.prefix);
  client.destroy();
  for (const stage of ['analyse', 'cluster'] as const) await queues.queue(stage).obliterate({ force: true });
  await queues.close();
});

describe('queued scan of photos in a bucket', () => {
  it('workers read the objects themselves and store the same faces as a local scan of the same photos', async () => {
    const folder = dataset('small', 'deepface', 'person01');
    for (const name of readdirSync(folder).sort()) {
      await client.send(new PutObjectCommand({ Bucket: photos.bucket, Key: `${photos.prefix}${name}`, Body: readFileSync(join(folder, name)) }));
    }
    const env = cliEnv(tempDir('s3-queue-library'), { ...s3Env, FACETAG_QUEUE: url, FACETAG_QUEUE_PREFIX: prefix, FACETAG_JOBS: '1' });
    const started = startWorker(env);
    worker = started;
    // Ready (or gone) before the scan queues anything: a hang then says which of the two never got going.
    await failIfHung(until(() => /ready on/.test(started.log()) || started.exitCode !== null), 'the worker start', () => tail('worker', started.log()));
    expect(started.exitCode, started.log()).toBeNull();
    const scan = await runCliAsync(['scan', `s3://${photos.bucket}/${photos.prefix}`], env, () => queueAccount(queues, started));
    expect(scan.stderr).not.toMatch(/^facetag:/m);
    expect(scanNumbers(scan.stdout)).toEqual({ analysed: readdirSync(folder).length, known: 0, errors: 0 });

    const local = cliEnv(tempDir('s3-queue-reference'));
    runCli(['scan', folder], local);
    const withoutPaths = (faces: string[]) => faces.map((f) => f.replace(/ \S+ /, ' '));
    const fromBucket = libraryOutcome(env);
    const fromFolder = libraryOutcome(local);
    expect(withoutPaths(fromBucket.faces)).toEqual(withoutPaths(fromFolder.faces));
    expect(fromBucket.faces.every((f) => f.includes(` s3://${photos.bucket}/`))).toBe(true);
    expect(fromBucket.people).toEqual(fromFolder.people);
    started.kill('SIGTERM');
    expect((await failIfHung(exited(started), 'the worker after SIGTERM', () => tail('worker', started.log()))).code).toBe(0);
  });
});
