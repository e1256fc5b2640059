import type { Stage } from './job-data.js';

/**
 * The ports facetag uses to talk to a job queue. Small on purpose: the coordinator adds jobs and watches their
 * state, the admin commands count and repair, workers announce themselves. BullMQ implements them (bullmq/).
 */

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'unknown';

export interface JobReport {
  id: string;
  state: JobState;
  /** The processor's return value, for completed jobs. */
  result?: unknown;
  /** The last error, for failed jobs (and jobs waiting to be retried). */
  failedReason?: string;
  attemptsMade: number;
}

export interface AddOptions {
  /** 1 is the highest. */
  priority: number;
}

/** What a coordinator (scan --queue) needs. */
export interface JobQueue {
  /** Adds a job unless a job with this id already exists (at-least-once is made idempotent by the id). */
  add(stage: Stage, id: string, data: unknown, options: AddOptions): Promise<void>;
  /** The state of each job; ids Redis does not know (never added, dropped, lost with a Redis) are 'unknown'. */
  reports(stage: Stage, ids: readonly string[]): Promise<Map<string, JobReport>>;
  /** Puts a failed job back in the queue, its attempts counted from zero. */
  retry(stage: Stage, id: string): Promise<void>;
  /** Forgets a finished job, so the same id can be added again. */
  remove(stage: Stage, id: string): Promise<void>;
  close(): Promise<void>;
}

export interface StageCounts {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  completed: number;
  failed: number;
}

export interface FailedJob {
  id: string;
  reason: string;
  attemptsMade: number;
  failedAt: number | null;
  /** A short description of the job's subject (its photos' paths). */
  subject: string;
}

/** What the jobs command needs. */
export interface QueueAdmin {
  counts(stage: Stage): Promise<StageCounts>;
  /** Jobs finished per minute over the last minutes, newest first. */
  completedPerMinute(stage: Stage, minutes: number): Promise<number[]>;
  failed(stage: Stage, limit: number): Promise<FailedJob[]>;
  /** Retries the given failed jobs, or every failed job; returns how many. */
  retryFailed(stage: Stage, ids?: readonly string[]): Promise<number>;
  /** Deletes the given failed jobs, or every failed job; returns how many. */
  dropFailed(stage: Stage, ids?: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

/** A worker process as it last described itself. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  stages: Stage[];
  device: string;
  /** Jobs it works on at once, and analysis threads. */
  concurrency: number;
  threads: number;
  startedAt: number;
  lastBeatAt: number;
  /** Photos this worker analysed since it started. */
  photos: number;
  /** Photos per second over the last minute. */
  imagesPerSecond: number;
  activeJobs: number;
  state: 'running' | 'stopping';
}

export interface WorkerRegistry {
  announce(info: WorkerInfo, ttlMs: number): Promise<void>;
  withdraw(id: string): Promise<void>;
  list(): Promise<WorkerInfo[]>;
}
