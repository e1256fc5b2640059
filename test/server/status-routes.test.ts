import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownPacks } from '../../src/models/pack-registry.js';
import { BullmqQueues } from '../../src/queue/bullmq/bullmq-queues.js';
import { Jobs, Status, Workers } from '../../src/server/schemas/work.js';
import { cliEnv, runCli } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { exited, queueSettings, redisUrl, startWorker, uniquePrefix, until } from '../queue/queue-test-support.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('status, jobs and workers without a queue', () => {
  let server: ServeProcess;
  let library: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    library = scannedLibraryCopy('deepface', dataset('small', 'deepface'));
    env = cliEnv(library);
    server = await startServe([], env);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('reports where everything is, that it answers, the packs with their calibration, counts as facetag status does', async () => {
    const res = await server.api('/api/status');
    expect(res.status).toBe(200);
    const status = Status.parse(await res.json());
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(status.library).toBe(library);
    expect(status.catalog).toEqual({ backend: 'sqlite', where: `${library}/catalog.sqlite`, reachable: true, detail: null });
    expect(status.objects).toEqual({ backend: 'local', where: expect.stringContaining(library), reachable: true, detail: null });
    expect(status.queue).toEqual({ configured: false, where: null, reachable: null, detail: null });
    expect(status.workers).toBeNull();
    expect(status.pack).toBe('yunet-scrfd500m-w600k');
    expect(status.packs.map((p) => p.name).sort()).toEqual(knownPacks().map((p) => p.name).sort());
    const mine = status.packs.find((p) => p.name === status.pack)!;
    expect(mine).toMatchObject({ installed: true, missing: [], badChecksum: [] });
    expect(mine.licence).toMatch(/non-commercial/);
    expect(mine.calibration!.accuracy).toBeGreaterThan(0.99);
    expect(mine.calibration!.pairCount).toBeGreaterThan(1000);
    expect(status.packs.find((p) => p.name === 'builtin')!.installed).toBe(true);
    expect(status.llm).toEqual({ configured: false });

    const cli = runCli(['status'], env).stdout;
    expect(cli).toContain(`photos:     ${status.counts!.photos} (${status.counts!.files} files)`);
    expect(cli).toContain(`faces:      ${status.counts!.faces}`);
    expect(cli).toContain(`people:     ${status.counts!.people}`);
    expect(cli).toContain(`errors:     ${status.errors}`);
    expect(status.counts!.photos).toBeGreaterThan(50);
    expect(cli).toContain(`last run:   #${status.lastRun!.id} ${status.lastRun!.startedAt}`);
    expect(status.lastRun!.pack).toBe(status.pack);
  });

  it('answers jobs and workers as not configured, and refuses to act on a queue it does not have', async () => {
    expect(await (await server.api('/api/jobs')).json()).toEqual({ configured: false, where: null, stages: [], failed: [] });
    expect(await (await server.api('/api/workers')).json()).toEqual({ configured: false, items: [] });
    const retry = await server.api('/api/jobs/retry', json({ stage: 'analyse' }));
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { detail: string }).detail).toMatch(/--queue/);
    expect((await server.api('/api/jobs/drop', json({ stage: 'nonsense' }))).status).toBe(400);
  });

  it('refuses every scan when no roots are configured, saying how to allow them', async () => {
    const res = await server.api('/api/scans', json({ paths: [dataset('small', 'deepface')] }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/no roots are configured.*--roots.*FACETAG_ROOTS/);
  });
});

describe('status, jobs and workers with --queue', () => {
  const url = redisUrl();
  const prefix = uniquePrefix('status-routes');
  const queues = new BullmqQueues(queueSettings(url, prefix));
  let server: ServeProcess;
  let worker: ReturnType<typeof startWorker>;
  beforeAll(async () => {
    const env = cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface')), { FACETAG_QUEUE: url, FACETAG_QUEUE_PREFIX: prefix, FACETAG_JOBS: '1' });
    worker = startWorker(env, ['--heartbeat-ms', '1000']);
    server = await startServe([], env);
  });
  afterAll(async () => {
    await server.stop();
    worker.kill('SIGTERM');
    await exited(worker);
    for (const stage of ['analyse', 'cluster'] as const) await queues.queue(stage).obliterate({ force: true });
    await queues.close();
  });

  it('lists the worker, and the status counts it', async () => {
    await until(async () => Workers.parse(await (await server.api('/api/workers')).json()).items.length === 1);
    const { configured, items } = Workers.parse(await (await server.api('/api/workers')).json());
    expect(configured).toBe(true);
    expect(items[0]).toMatchObject({ pid: worker.pid, stages: ['analyse', 'cluster'], device: 'cpu', threads: 1, concurrency: 2, state: 'running' });
    expect(Date.parse(items[0]!.lastBeatAt)).toBeGreaterThan(Date.parse(items[0]!.startedAt) - 1);
    const status = Status.parse(await (await server.api('/api/status')).json());
    expect(status.queue).toEqual({ configured: true, where: url.replace(/\/$/, ''), reachable: true, detail: null });
    expect(status.workers!.count).toBe(1);
  });

  it('shows a failed job with its reason, retries and drops it', async () => {
    // A job no worker can read: it fails at once (no retries for a malformed job) and stays in the failed list.
    const id = `analyse.test.${'0'.repeat(64)}`;
    await queues.add('analyse', id, { nonsense: true }, { priority: 1 });
    const failedNow = async (): Promise<boolean> => Jobs.parse(await (await server.api('/api/jobs')).json()).failed.some((f) => f.id === id);
    await until(failedNow);
    const jobs = Jobs.parse(await (await server.api('/api/jobs')).json());
    expect(jobs.configured).toBe(true);
    expect(jobs.where).toContain(prefix);
    expect(jobs.stages.map((s) => s.stage)).toEqual(['analyse', 'cluster']);
    expect(jobs.stages[0]!.counts.failed).toBe(1);
    expect(jobs.failed).toEqual([expect.objectContaining({ stage: 'analyse', id, attemptsMade: expect.any(Number), reason: expect.stringMatching(/malformed analyse job/) })]);
    // The command and the route read the same service.
    expect(runCli(['jobs', '--queue', url, '--queue-prefix', prefix], process.env).stdout).toContain(id);

    const retried = await server.api('/api/jobs/retry', json({ stage: 'analyse', ids: [id] }));
    expect(await retried.json()).toEqual({ count: 1 });
    await until(failedNow);
    expect((await server.api('/api/jobs/retry', json({ stage: 'cluster', ids: [id] }))).status).toBe(400);
    const notFailed = await server.api('/api/jobs/drop', json({ stage: 'analyse', ids: [`analyse.test.${'1'.repeat(64)}`] }));
    expect(notFailed.status).toBe(409);

    const dropped = await server.api('/api/jobs/drop', json({ stage: 'analyse' }));
    expect(await dropped.json()).toEqual({ count: 1 });
    expect(Jobs.parse(await (await server.api('/api/jobs')).json()).failed).toEqual([]);
  });
});
