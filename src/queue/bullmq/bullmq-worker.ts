import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { AnalyseJobSchema, ClusterJobSchema, type AnalyseJob, type AnalyseResult, type ClusterJob, type ClusterResult, type Stage } from '../job-data.js';
import type { QueueSettings } from '../queue-settings.js';
import type { WorkerInfo, WorkerRegistry } from '../work-queue.js';
import { connectionOptions } from './connection.js';
import { RateGate } from '../rate-gate.js';
import { within } from '../../library/within.js';

export interface StageProcessors {
  analyse(job: AnalyseJob): Promise<AnalyseResult>;
  /** assertStillOwner throws when this worker no longer holds the job's lock (another worker may have it now). */
  cluster(job: ClusterJob, assertStillOwner: () => Promise<void>): Promise<ClusterResult>;
}

export interface QueueWorkerOptions {
  stages: readonly Stage[];
  /** Analysis jobs worked on at once by this process. */
  concurrency: number;
  threads: number;
  device: string;
  /** Photos per second this worker starts at most (a per-worker limit; BullMQ's own limiter is queue-wide). */
  maxRate?: number;
  /**
   * How long a job stays locked to a worker without a renewal. A worker killed with kill -9 holds its jobs this
   * long (plus up to one stalled check) before another worker gets them.
   */
  lockDurationMs: number;
  heartbeatMs: number;
  log: (line: string) => void;
}

/** How a stop ended: clean, or cut off at the grace period with these jobs still not acknowledged to Redis. */
export interface WorkerStopOutcome {
  clean: boolean;
  /** Jobs started here whose end Redis has not recorded: they go back to the queue when their locks expire. */
  unfinished: string[];
}

/** A job that stalls this often (its worker died each time) is failed: a photo that crashes workers must not loop. */
const MAX_STALLED = 3;

/**
 * One worker process on the queues: a BullMQ Worker per stage it serves, a heartbeat in the registry, and a
 * graceful stop: no new jobs, jobs not yet started go back to the queue, started ones finish.
 */
export class QueueWorker {
  readonly id: string;
  private readonly workers: Worker[] = [];
  private readonly gate: RateGate | null;
  private stopping = false;
  private active = 0;
  private photos = 0;
  private readonly recent: number[] = [];
  private beat: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();
  /** Logs a connection error, at most once per 10 s per message (the process's queues report through it too). */
  readonly logError: (err: Error) => void;
  /** Jobs handed to this worker whose completion or failure Redis has not yet recorded. */
  private readonly inFlight = new Set<string>();
  private stopped: Promise<WorkerStopOutcome> | null = null;

  constructor(
    private readonly settings: QueueSettings,
    private readonly registry: WorkerRegistry,
    private readonly processors: StageProcessors,
    private readonly options: QueueWorkerOptions,
  ) {
    this.id = `${hostname()}-${process.pid}-${this.startedAt.toString(36)}`;
    this.gate = options.maxRate ? new RateGate(options.maxRate) : null;
    this.logError = queueErrorLog(options.log);
  }

  /** Counted by the analysis stage for images/s in the heartbeat. */
  photoAnalysed(): void {
    this.photos++;
    this.recent.push(Date.now());
  }

  async start(): Promise<void> {
    const common = {
      connection: connectionOptions(this.settings),
      prefix: this.settings.prefix,
      name: this.id,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: this.options.lockDurationMs,
      maxStalledCount: MAX_STALLED,
      // Per-minute counts of finished jobs, read by `facetag jobs`.
      metrics: { maxDataPoints: 60 * 24 },
    };
    for (const stage of this.options.stages) {
      const worker = new Worker(stage, (job, token) => this.process(stage, job, token), {
        ...common,
        // Clustering runs one at a time anyway (global concurrency 1 on its queue).
        concurrency: stage === 'analyse' ? this.options.concurrency : 1,
      });
      worker.on('error', (err) => this.logError(err));
      // Both events come after Redis recorded the outcome: only then is the job no longer this worker's.
      worker.on('completed', (job) => this.inFlight.delete(job.id ?? ''));
      worker.on('failed', (job, err) => {
        if (job) this.inFlight.delete(job.id ?? '');
        if (job && err.name !== 'WaitingError') this.options.log(`job ${job.id} failed (attempt ${job.attemptsMade}): ${err.message}`);
      });
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    await this.heartbeat();
    this.beat = setInterval(() => void this.heartbeat().catch((err: unknown) => this.logError(err as Error)), this.options.heartbeatMs);
  }

  private async process(stage: Stage, job: Job, token: string | undefined): Promise<unknown> {
    this.active++;
    if (job.id !== undefined) this.inFlight.add(job.id);
    try {
      if (stage === 'analyse') {
        const data = AnalyseJobSchema.safeParse(job.data);
        if (!data.success) throw new UnrecoverableError(`malformed analyse job: ${data.error.message}`);
        if (this.gate) await this.gate.take(data.data.photos.length);
        if (this.stopping) return await this.giveBack(job, token);
        return await this.processors.analyse(data.data);
      }
      const data = ClusterJobSchema.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError(`malformed cluster job: ${data.error.message}`);
      if (this.stopping) return await this.giveBack(job, token);
      return await this.processors.cluster(data.data, async () => {
        if (token === undefined || (await job.extendLock(token, this.options.lockDurationMs)) === 0) {
          throw new Error('lost the clustering lock (this worker stalled); another worker clusters instead');
        }
      });
    } finally {
      this.active--;
    }
  }

  /** Puts a job this stopping worker has not started back at the front of the line, untouched. */
  private async giveBack(job: Job, token: string | undefined): Promise<never> {
    if (token !== undefined) await job.moveToWait(token);
    if (job.id !== undefined) this.inFlight.delete(job.id);
    throw new WaitingError();
  }

  private async heartbeat(): Promise<void> {
    const now = Date.now();
    while (this.recent.length > 0 && this.recent[0]! < now - 60_000) this.recent.shift();
    const window = Math.min(60, Math.max(1, (now - this.startedAt) / 1000));
    const info: WorkerInfo = {
      id: this.id,
      host: hostname(),
      pid: process.pid,
      stages: [...this.options.stages],
      device: this.options.device,
      concurrency: this.options.concurrency,
      threads: this.options.threads,
      startedAt: this.startedAt,
      lastBeatAt: now,
      photos: this.photos,
      imagesPerSecond: this.recent.length / window,
      activeJobs: this.active,
      state: this.stopping ? 'stopping' : 'running',
    };
    await this.registry.announce(info, this.options.heartbeatMs * 3);
  }

  /**
   * Graceful stop (SIGTERM): fetch nothing more, give back what has not started, finish what has, then leave the
   * registry — for at most `graceMs`. Past that (a job still running, or a Redis that no longer answers, so nothing
   * can be acknowledged) the connections are dropped without waiting: the jobs not acknowledged go back to the queue
   * by themselves once their locks expire, as a killed worker's do.
   */
  stop(graceMs: number): Promise<WorkerStopOutcome> {
    this.stopped ??= this.stopWithin(graceMs);
    return this.stopped;
  }

  private async stopWithin(graceMs: number): Promise<WorkerStopOutcome> {
    this.stopping = true;
    this.gate?.wake();
    const deadline = Date.now() + graceMs;
    const left = (): number => Math.max(0, deadline - Date.now());
    // Announcing "stopping" is a courtesy to cluster status; a Redis that does not answer gets a second at most.
    await within(this.heartbeat(), Math.min(1000, left())).catch(() => {});
    if (this.beat) clearInterval(this.beat);
    const closed = await within(Promise.all(this.workers.map((w) => w.close())), left()).then(
      () => true,
      () => false,
    );
    if (!closed) {
      const unfinished = [...this.inFlight].sort();
      await Promise.all(this.workers.map((w) => within(w.disconnect(), 1000).catch(() => {})));
      return { clean: false, unfinished };
    }
    await within(this.registry.withdraw(this.id), Math.max(1000, left())).catch(() => {});
    return { clean: true, unfinished: [] };
  }


}

/** Redis going away makes ioredis report the same error many times a second, on every connection; once per 10 s is enough. */
function queueErrorLog(log: (line: string) => void): (err: Error) => void {
  const last = new Map<string, number>();
  return (err) => {
    const now = Date.now();
    if (now - (last.get(err.message) ?? 0) < 10_000) return;
    last.set(err.message, now);
    log(`queue: ${err.message}`);
  };
}
