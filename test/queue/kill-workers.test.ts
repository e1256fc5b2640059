import { afterAll, describe, expect, it } from 'vitest';
import { BullmqQueues } from '../../src/queue/bullmq/bullmq-queues.js';
import { cliEnv, runCli, startCli, tempDir } from '../support/cli.js';
import {
  collectOutput,
  completedCount,
  exited,
  lfwPhotos,
  libraryOutcome,
  queueSettings,
  redisUrl,
  scanNumbers,
  startWorker,
  uniquePrefix,
  until,
} from './queue-test-support.js';

const PHOTOS = 500;
const WORKERS = 3;
/** After this many finished jobs one worker is killed with SIGKILL (a different one each time) and started again. */
const KILL_AT = [60, 150, 240, 330, 420];

const url = redisUrl();
const prefix = uniquePrefix('kill');
const queues = new BullmqQueues(queueSettings(url, prefix));
const running = new Set<ReturnType<typeof startWorker>>();

afterAll(async () => {
  for (const worker of running) worker.kill('SIGKILL');
  for (const stage of ['analyse', 'cluster'] as const) await queues.queue(stage).obliterate({ force: true });
  await queues.close();
});

describe('scan through the queue with three worker processes, one killed with SIGKILL again and again', () => {
  it('stores the same faces and people as a single-process scan, and loses no job', async () => {
    const photos = lfwPhotos(PHOTOS);

    const reference = cliEnv(tempDir('queue-reference'));
    const local = runCli(['scan', photos], reference);
    expect(local.code).toBe(0);
    const expected = libraryOutcome(reference);
    expect(expected.faces.length).toBeGreaterThan(PHOTOS * 0.9);

    // One library shared by every process on this machine (SQLite in WAL mode); each worker one analysis thread.
    const env = cliEnv(tempDir('queue-library'), { FACETAG_QUEUE: url, FACETAG_QUEUE_PREFIX: prefix, FACETAG_JOBS: '1' });
    // Short locks so the jobs of a killed worker come back after seconds, not the default 30 s.
    const workerArgs = ['--lock-ms', '4000', '--heartbeat-ms', '1000'];
    const workers = Array.from({ length: WORKERS }, () => startWorker(env, workerArgs));
    workers.forEach((w) => running.add(w));

    const scan = startCli(['scan', photos], env);
    const output = collectOutput(scan);
    const scanDone = exited(scan);

    let killed = 0;
    for (const threshold of KILL_AT) {
      await until(async () => (await completedCount(queues)) >= threshold || scan.exitCode !== null);
      if (scan.exitCode !== null) break;
      const slot = killed % WORKERS;
      const victim = workers[slot]!;
      victim.kill('SIGKILL');
      await exited(victim);
      running.delete(victim);
      killed++;
      const replacement = startWorker(env, workerArgs);
      workers[slot] = replacement;
      running.add(replacement);
    }
    const { code } = await scanDone;
    const { stdout, stderr } = output();
    expect(stderr).not.toMatch(/^facetag:/m);
    expect(code).toBe(0);
    expect(killed).toBe(KILL_AT.length);

    // Every photo is accounted for: analysed once, or found already stored when a redelivered job ran again.
    const numbers = scanNumbers(stdout);
    const single = scanNumbers(local.stdout);
    expect(numbers.errors).toBe(single.errors);
    expect(numbers.analysed + numbers.known).toBe(single.analysed + single.known);

    const counts = await queues.counts('analyse');
    expect(counts.failed).toBe(0);
    expect(counts.completed).toBe(single.analysed);
    // The kills hit jobs in flight: some job was started more than once and still finished exactly once.
    const completed = await queues.queue('analyse').getCompleted(0, -1);
    expect(completed.filter((job) => job.attemptsStarted > 1).length).toBeGreaterThan(0);

    const actual = libraryOutcome(env);
    expect(actual.faces).toEqual(expected.faces);
    expect(actual.people).toEqual(expected.people);
  });
});
