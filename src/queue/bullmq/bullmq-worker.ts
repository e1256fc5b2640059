import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { AnalyseJobSchema, ClusterJobSchema, type AnalyseJob, type AnalyseResult, type ClusterJob, type ClusterResult, type Stage } from '../job-data.js';
import type { QueueSettings } from '../queue-settings.js';
import type { WorkerInfo, WorkerRegistry } from '../work-queue.js';
import { connectionOptions } from './connection.js';
import { RateGate } from '../rate-gate.js';

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
  private lastErrorLog = new Map<string, number>();

  constructor(
    private readonly settings: QueueSettings,
    private readonly registry: WorkerRegistry,
    private readonly processors: StageProcessors,
    private readonly options: QueueWorkerOptions,
  ) {
    this.id = `${hostname()}-${process.pid}-${this.startedAt.toString(36)}`;
    this.gate = options.maxRate ? new RateGate(options.maxRate) : null;
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
      worker.on('failed', (job, err) => {
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
   * registry. Whatever a killed worker leaves behind is handed out again by the stalled-job check instead.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.gate?.wake();
    await this.heartbeat().catch(() => {});
    await Promise.all(this.workers.map((w) => w.close()));
    if (this.beat) clearInterval(this.beat);
    await this.registry.withdraw(this.id).catch(() => {});
  }

  /** Redis going away makes ioredis report the same error many times a second; once per 10 s is enough. */
  private logError(err: Error): void {
    const now = Date.now();
    const last = this.lastErrorLog.get(err.message) ?? 0;
    if (now - last < 10_000) return;
    this.lastErrorLog.set(err.message, now);
    this.options.log(`queue: ${err.message}`);
  }
}
