import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqQueues } from '../../src/queue/bullmq/bullmq-queues.js';
import { cliEnv, startCli, tempDir } from '../support/cli.js';
import { exited, freePort, lfwPhotos, queueSettings, startWorker, until } from './queue-test-support.js';

/**
 * This test kills Redis under a busy worker, so it runs a redis-server of its own on a free loopback port, never
 * the shared one.
 */
async function startRedis(dir: string, port: number): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  await until(() => /Ready to accept connections/.test(log) || server.exitCode !== null, 50);
  if (server.exitCode !== null) throw new Error(`redis-server did not start: ${log}`);
  return server;
}

const children: ChildProcess[] = [];
let queues: BullmqQueues | null = null;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Redis is gone: drop the test's own connections rather than saying goodbye to nobody.
  await Promise.race([queues?.disconnect(), new Promise((r) => setTimeout(r, 2000))]);
});

describe('facetag worker: bounded shutdown', () => {
  it('leaves after --grace-ms when Redis died under its jobs, naming the jobs that go back to the queue', async () => {
    const port = await freePort();
    const redis = await startRedis(tempDir('grace-redis'), port);
    children.push(redis);
    const url = `redis://127.0.0.1:${port}`;
    queues = new BullmqQueues(queueSettings(url, 'grace'));
    const env = cliEnv(join(tempDir('grace-library'), 'library'), { FACETAG_QUEUE: url, FACETAG_QUEUE_PREFIX: 'grace', FACETAG_JOBS: '1' });

    const worker = startWorker(env, ['--grace-ms', '2000', '--heartbeat-ms', '1000']);
    children.push(worker);
    await until(() => /ready on/.test(worker.log()));
    const scan = startCli(['scan', lfwPhotos(40, 1200)], env);
    children.push(scan);
    // The worker holds jobs (two in flight with one thread) when Redis goes away without a word.
    await until(async () => (await queues!.counts('analyse')).active > 0, 50);
    redis.kill('SIGKILL');
    await exited(redis);

    worker.kill('SIGTERM');
    const end = await exited(worker);
    expect(end.signal).toBeNull();
    expect(end.code).toBe(1);
    const log = worker.log();
    expect(log).toMatch(/SIGTERM: finishing the jobs in progress/);
    const said = /grace period of 2000 ms over.*: jobs (.+) return to the queue when their locks expire/.exec(log);
    expect(said, log).not.toBeNull();
    for (const id of said![1]!.split(', ')) expect(id).toMatch(/^analyse\.[\w-]+\.[0-9a-f]{64}$/);
  });
});
