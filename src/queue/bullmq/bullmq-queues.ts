import { Job, Queue } from 'bullmq';
import { ANALYSE_STAGE, CLUSTER_STAGE, type Stage } from '../job-data.js';
import type { QueueSettings } from '../queue-settings.js';
import type { AddOptions, FailedJob, JobQueue, JobReport, JobState, QueueAdmin, StageCounts, WorkerRegistry } from '../work-queue.js';
import { connectionOptions } from './connection.js';
import { RedisWorkerRegistry } from './worker-registry.js';

/** Retry or drop was asked for a job that is not in the failed list (it ran again meanwhile, or never failed). */
export class JobNotFailedError extends Error {
  readonly statusCode = 409;
  constructor(stage: Stage, id: string) {
    super(`${stage} job ${id} is not failed`);
    this.name = 'JobNotFailedError';
  }
}

/** Retries of a job that throws (a catalog or bucket that is away): 6 tries over about a minute. */
const ATTEMPTS = 6;
const BACKOFF_MS = 2000;
/**
 * Completed jobs are kept a day: long enough for every coordinator to read their results and for `facetag jobs` to
 * count them, short enough that Redis does not grow with the library. Failed jobs stay until retried or dropped.
 */
const KEEP_COMPLETED = { age: 24 * 3600, count: 200_000 };

/** One BullMQ queue per stage, under the settings' prefix; used by coordinators and the admin commands. */
export class BullmqQueues implements JobQueue, QueueAdmin {
  private readonly queues = new Map<Stage, Queue>();
  private readonly errors: (err: Error) => void;

  constructor(
    private readonly settings: QueueSettings,
    onError: (err: Error) => void = () => {},
  ) {
    this.errors = onError;
  }

  queue(stage: Stage): Queue {
    let queue = this.queues.get(stage);
    if (!queue) {
      queue = new Queue(stage, { connection: connectionOptions(this.settings), prefix: this.settings.prefix });
      // Without a listener an 'error' event (Redis restarting) would crash the process.
      queue.on('error', this.errors);
      this.queues.set(stage, queue);
    }
    return queue;
  }

  /** The workers' registry under this prefix (`cluster status`). */
  registry(): WorkerRegistry {
    return new RedisWorkerRegistry(this.queue(ANALYSE_STAGE), this.settings.prefix);
  }

  async add(stage: Stage, id: string, data: unknown, options: AddOptions): Promise<void> {
    const queue = this.queue(stage);
    // One clusterer at a time across every worker, whoever set up the queue first.
    if (stage === CLUSTER_STAGE) await queue.setGlobalConcurrency(1);
    await queue.add(stage, data, {
      jobId: id,
      // FIFO photos stay on BullMQ's cheaper list; only jobs that compete for order carry a priority.
      ...(stage === CLUSTER_STAGE ? { priority: options.priority } : {}),
      attempts: ATTEMPTS,
      backoff: { type: 'exponential', delay: BACKOFF_MS },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: false,
    });
  }

  async reports(stage: Stage, ids: readonly string[]): Promise<Map<string, JobReport>> {
    const queue = this.queue(stage);
    const entries = await Promise.all(
      ids.map(async (id): Promise<[string, JobReport]> => {
        const state = toState(await queue.getJobState(id));
        if (state !== 'completed' && state !== 'failed') return [id, { id, state, attemptsMade: 0 }];
        const job = await Job.fromId(queue, id);
        // Removed between the two calls (dropped, or aged out): as good as unknown.
        if (!job) return [id, { id, state: 'unknown', attemptsMade: 0 }];
        return [id, { id, state, result: job.returnvalue, failedReason: job.failedReason, attemptsMade: job.attemptsMade }];
      }),
    );
    return new Map(entries);
  }

  async retry(stage: Stage, id: string): Promise<void> {
    const job = await Job.fromId(this.queue(stage), id);
    if (!job) throw new Error(`no ${stage} job ${id}`);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }

  async remove(stage: Stage, id: string): Promise<void> {
    await this.queue(stage).remove(id);
  }

  async counts(stage: Stage): Promise<StageCounts> {
    const c = await this.queue(stage).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    return {
      waiting: c.waiting ?? 0,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      prioritized: c.prioritized ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async completedPerMinute(stage: Stage, minutes: number): Promise<number[]> {
    const metrics = await this.queue(stage).getMetrics('completed', 0, minutes - 1);
    return metrics.data;
  }

  async failed(stage: Stage, limit: number): Promise<FailedJob[]> {
    const jobs = await this.queue(stage).getFailed(0, limit - 1);
    return jobs.map((job) => ({
      id: job.id ?? '?',
      reason: job.failedReason ?? '',
      attemptsMade: job.attemptsMade,
      failedAt: job.finishedOn ?? null,
      subject: subjectOf(job.data),
    }));
  }

  async retryFailed(stage: Stage, ids?: readonly string[]): Promise<number> {
    const queue = this.queue(stage);
    const targets = ids ?? (await queue.getFailed(0, -1)).map((job) => job.id).filter((id): id is string => id !== undefined);
    let n = 0;
    for (const id of targets) {
      if ((await queue.getJobState(id)) !== 'failed') throw new JobNotFailedError(stage, id);
      await this.retry(stage, id);
      n++;
    }
    return n;
  }

  async dropFailed(stage: Stage, ids?: readonly string[]): Promise<number> {
    const queue = this.queue(stage);
    if (!ids) return (await queue.clean(0, 0, 'failed')).length;
    for (const id of ids) {
      if ((await queue.getJobState(id)) !== 'failed') throw new JobNotFailedError(stage, id);
      await queue.remove(id);
    }
    return ids.length;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }

  /**
   * Drops the connections at once, without the goodbye close() waits for: with Redis gone, close() would wait
   * for it forever (commands wait for a reconnect). Nothing more is sent.
   */
  async disconnect(): Promise<void> {
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((q) => q.disconnect().catch(() => {})));
  }
}

function toState(state: string): JobState {
  switch (state) {
    case 'waiting':
    case 'prioritized':
    case 'waiting-children':
      return 'waiting';
    case 'active':
    case 'delayed':
    case 'completed':
    case 'failed':
      return state;
    default:
      return 'unknown';
  }
}

/** The photos a job is about, for people reading the failed list. */
function subjectOf(data: unknown): string {
  const photos = (data as { photos?: { path?: unknown }[] } | null)?.photos;
  if (Array.isArray(photos)) {
    const paths = photos.map((p) => String(p.path));
    return paths.length <= 2 ? paths.join(', ') : `${paths.slice(0, 2).join(', ')} and ${paths.length - 2} more`;
  }
  const pack = (data as { pack?: unknown; mode?: unknown } | null) ?? {};
  return `${String(pack.mode ?? '?')} clustering, pack ${String(pack.pack ?? '?')}`;
}
