import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqQueues } from '../../src/queue/bullmq/bullmq-queues.js';
import type { WorkerInfo } from '../../src/queue/work-queue.js';
import { cliEnv, runCli, startCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import {
  collectOutput,
  completedCount,
  exited,
  lfwPhotos,
  queueSettings,
  redisUrl,
  scanNumbers,
  startWorker,
  uniquePrefix,
  until,
} from './queue-test-support.js';

const url = redisUrl();
const prefix = uniquePrefix('commands');
const queues = new BullmqQueues(queueSettings(url, prefix));
const started: ReturnType<typeof startWorker>[] = [];

afterAll(async () => {
  for (const worker of started) worker.kill('SIGKILL');
  for (const stage of ['analyse', 'cluster'] as const) await queues.queue(stage).obliterate({ force: true });
  await queues.close();
});

const env = cliEnv(tempDir('commands-library'), { FACETAG_QUEUE: url, FACETAG_QUEUE_PREFIX: prefix, FACETAG_JOBS: '1' });

function workersNow(): WorkerInfo[] {
  const out = runCli(['cluster', 'status', '--json'], env);
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout) as WorkerInfo[];
}

describe('queue commands: worker, cluster status, jobs', () => {
  it('a worker stopped with SIGTERM finishes or gives back its jobs, leaves cluster status, and another one finishes the scan', async () => {
    const worker = startWorker(env, ['--heartbeat-ms', '1000']);
    started.push(worker);
    await until(() => workersNow().length === 1);
    const [info] = workersNow();
    expect(info).toMatchObject({ pid: worker.pid, stages: ['analyse', 'cluster'], device: 'cpu', threads: 1, concurrency: 2, state: 'running' });
    expect(runCli(['cluster', 'status'], env).stdout).toMatch(new RegExp(`\\b${worker.pid}\\b.*analyse,cluster\\s+cpu\\s+1\\s+2`));

    const photos = lfwPhotos(24, 700);
    const scan = startCli(['scan', photos], env);
    const output = collectOutput(scan);
    await until(async () => (await completedCount(queues)) >= 3);
    worker.kill('SIGTERM');
    expect((await exited(worker)).code).toBe(0);
    expect(worker.log()).toMatch(/SIGTERM: finishing the jobs in progress/);
    // Nothing is left locked to the stopped worker: its jobs finished or went back to the queue.
    const counts = await queues.counts('analyse');
    expect(counts.active).toBe(0);
    expect(counts.completed).toBeLessThan(24);
    expect(workersNow()).toEqual([]);

    const second = startWorker(env, ['--heartbeat-ms', '1000']);
    started.push(second);
    expect((await exited(scan)).code).toBe(0);
    expect(scanNumbers(output().stdout)).toEqual({ analysed: 24, known: 0, errors: 0 });
    expect((await queues.counts('analyse')).failed).toBe(0);
  });

  it('bad photos are errors of the scan, not failed jobs, and do not block the queue', () => {
    const folder = join(tempDir('bad-photos'), 'photos');
    mkdirSync(folder);
    // random_bytes is refused when listing (not an image); the truncated JPEGs fail on a worker, inside a job.
    for (const name of ['truncated_header_only.jpg', 'truncated_50pct.jpg', 'random_bytes.jpg']) {
      symlinkSync(dataset('hard', 'generated', 'corrupted', name), join(folder, name));
    }
    symlinkSync(dataset('lfw', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg'), join(folder, 'good.jpg'));
    // The same content twice in one scan: one job, and the second path is linked once the first is stored.
    symlinkSync(dataset('lfw', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg'), join(folder, 'copy.jpg'));
    const scan = runCli(['scan', folder], env);
    expect(scan.code).toBe(0);
    expect(scanNumbers(scan.stdout)).toEqual({ analysed: 1, known: 1, errors: 3 });
    const errors = runCli(['status', '--errors'], env).stdout;
    expect(errors).toMatch(/random_bytes\.jpg/);
    expect(errors).toMatch(/truncated_50pct\.jpg: truncated or corrupt file/);
    expect(runCli(['jobs'], env).stdout).toMatch(/^analyse\s+0\s+0\s+0\s+\d+\s+0\s/m);
  });

  it('jobs lists a failing job with its error; retry puts it back, drop forgets it', async () => {
    // A malformed job, added past the coordinator on purpose: the one way to make a job fail for good on demand.
    await queues.add('analyse', 'analyse.broken.job', { photos: 'not a list' }, { priority: 1 });
    await until(async () => (await queues.counts('analyse')).failed === 1);
    const listed = runCli(['jobs'], env).stdout;
    expect(listed).toMatch(/^analyse\s+0\s+0\s+0\s+\d+\s+1\s/m);
    expect(listed).toMatch(/analyse\.broken\.job\s+1\s+.*malformed analyse job/);

    const firstFailure = (await queues.queue('analyse').getJob('analyse.broken.job'))!.finishedOn!;
    const retried = runCli(['jobs', 'retry', 'analyse.broken.job'], env);
    expect(retried.stdout).toMatch(/1 failed jobs queued again/);
    // It is malformed, so it fails again: a later failure shows it was handed to a worker once more.
    await until(async () => ((await queues.queue('analyse').getJob('analyse.broken.job'))?.finishedOn ?? 0) > firstFailure);
    expect((await queues.counts('analyse')).failed).toBe(1);

    expect(runCli(['jobs', 'retry', 'analyse.nosuch.job'], env).code).not.toBe(0);
    expect(runCli(['jobs', 'drop'], env).stdout).toMatch(/1 failed jobs dropped/);
    expect((await queues.counts('analyse')).failed).toBe(0);
    expect(runCli(['jobs'], env).stdout).not.toMatch(/broken/);
  });

  it('clustering waits its turn: one job at a time, new faces before a full re-clustering', async () => {
    for (const worker of started) worker.kill('SIGTERM');
    await Promise.all(started.map(exited));
    const pack = /model pack: (\S+)/.exec(runCli(['status'], env).stdout)![1]!;
    // Queued while no worker serves the cluster stage: the re-clustering first, the incremental run after it.
    await queues.add('cluster', 'cluster.test.recluster', { pack, mode: 'recluster' }, { priority: 10 });
    await queues.add('cluster', 'cluster.test.incremental', { pack, mode: 'incremental' }, { priority: 1 });
    const clusterer = startWorker(env, ['--stages', 'cluster', '--heartbeat-ms', '1000']);
    started.push(clusterer);
    const q = queues.queue('cluster');
    await until(async () => (await q.getJobState('cluster.test.recluster')) === 'completed' && (await q.getJobState('cluster.test.incremental')) === 'completed');
    expect(await queues.queue('cluster').getGlobalConcurrency()).toBe(1);
    expect(workersNow().map((w) => w.stages)).toEqual([['cluster']]);
    const incremental = (await queues.queue('cluster').getJob('cluster.test.incremental'))!;
    const recluster = (await queues.queue('cluster').getJob('cluster.test.recluster'))!;
    expect(incremental.finishedOn!).toBeLessThanOrEqual(recluster.processedOn!);
    expect(recluster.returnvalue).toMatchObject({ newPeople: expect.any(Number) });
  });
});
