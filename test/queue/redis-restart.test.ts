import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqQueues } from '../../src/queue/bullmq/bullmq-queues.js';
import { cliEnv, runCli, startCli, tempDir } from '../support/cli.js';
import {
  collectOutput,
  completedCount,
  exited,
  freePort,
  lfwPhotos,
  libraryOutcome,
  queueSettings,
  scanNumbers,
  startWorker,
  until,
} from './queue-test-support.js';

const REDIS_SERVER = '/usr/bin/redis-server';
const PHOTOS = 60;

/**
 * This test restarts Redis, so it runs its own redis-server on a free loopback port (never the shared one), with
 * the append-only file on as a production Redis would have it: what was queued survives the restart.
 */
async function startRedis(dir: string, port: number): Promise<ChildProcess> {
  const server = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  await until(() => /Ready to accept connections/.test(log) || server.exitCode !== null, 50);
  if (server.exitCode !== null) throw new Error(`redis-server did not start: ${log}`);
  return server;
}

const servers: ChildProcess[] = [];
const workers: ChildProcess[] = [];
let queues: BullmqQueues | null = null;

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await queues?.close();
  for (const server of servers) {
    server.kill('SIGKILL');
    await exited(server);
  }
});

describe('Redis restarted in the middle of a queued scan', () => {
  it('workers and the coordinator reconnect, and the run completes with the single-process result', async () => {
    const photos = lfwPhotos(PHOTOS, 500);
    const reference = cliEnv(tempDir('restart-reference'));
    const local = runCli(['scan', photos], reference);
    expect(local.code).toBe(0);

    const dir = tempDir('redis');
    const port = await freePort();
    servers.push(await startRedis(dir, port));
    const url = `redis://127.0.0.1:${port}`;
    queues = new BullmqQueues(queueSettings(url, 'restart'));
    const env = cliEnv(join(tempDir('restart-library'), 'library'), { FACETAG_QUEUE: url, FACETAG_QUEUE_PREFIX: 'restart', FACETAG_JOBS: '1' });
    for (let i = 0; i < 2; i++) workers.push(startWorker(env, ['--lock-ms', '4000', '--heartbeat-ms', '1000']));

    const scan = startCli(['scan', photos], env);
    const output = collectOutput(scan);
    const scanDone = exited(scan);
    await until(async () => (await completedCount(queues!)) >= PHOTOS / 4);
    const before = await completedCount(queues);
    expect(before).toBeLessThan(PHOTOS);

    // A clean restart (SIGTERM: Redis writes its append-only file and exits), then the same server again.
    const first = servers[0]!;
    first.kill('SIGTERM');
    await exited(first);
    await new Promise((r) => setTimeout(r, 1500));
    servers.push(await startRedis(dir, port));

    const { code } = await scanDone;
    const { stdout, stderr } = output();
    expect(stderr).not.toMatch(/^facetag:/m);
    expect(code).toBe(0);
    const numbers = scanNumbers(stdout);
    const single = scanNumbers(local.stdout);
    expect(numbers.analysed + numbers.known).toBe(single.analysed + single.known);
    expect(numbers.errors).toBe(single.errors);
    expect((await queues.counts('analyse')).failed).toBe(0);
    // Jobs finished after the restart too: the workers came back, not only the coordinator.
    expect(await completedCount(queues)).toBeGreaterThan(before);
    expect(workers.every((w) => w.exitCode === null)).toBe(true);

    expect(libraryOutcome(env)).toEqual(libraryOutcome(reference));
  });
});
