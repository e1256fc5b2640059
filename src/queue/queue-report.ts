import { STAGES, type Stage } from './job-data.js';
import type { FailedJob, QueueAdmin, StageCounts, WorkerInfo, WorkerRegistry } from './work-queue.js';

/**
 * What `facetag jobs`, `facetag cluster status` and the server's /api/jobs and /api/workers report, computed once
 * here so the commands and the routes cannot drift apart.
 */

export interface StageReport {
  stage: Stage;
  counts: StageCounts;
  /** Jobs finished per minute over the last minutes, newest first. */
  perMinute: number[];
}

export interface StageFailedJob extends FailedJob {
  stage: Stage;
}

export interface QueueOverview {
  stages: StageReport[];
  failed: StageFailedJob[];
}

/** Minutes of throughput shown per stage. */
const MINUTES = 5;

export async function queueOverview(admin: QueueAdmin, failedPerStage: number): Promise<QueueOverview> {
  const stages: StageReport[] = [];
  const failed: StageFailedJob[] = [];
  for (const stage of STAGES) {
    stages.push({ stage, counts: await admin.counts(stage), perMinute: await admin.completedPerMinute(stage, MINUTES) });
    for (const job of await admin.failed(stage, failedPerStage)) failed.push({ stage, ...job });
  }
  return { stages, failed };
}

export function listWorkers(registry: WorkerRegistry): Promise<WorkerInfo[]> {
  return registry.list();
}

/** Images per second of all workers together, over the last minute. */
export function combinedRate(workers: readonly WorkerInfo[]): number {
  return workers.reduce((sum, w) => sum + w.imagesPerSecond, 0);
}

/** An id that names no stage: facetag job ids start with their stage (analyse.<pack>.<hash>). */
export class NotAJobIdError extends Error {
  readonly statusCode = 400;
  constructor(ids: readonly string[], stage?: Stage) {
    super(stage ? `not ${stage} job ids: ${ids.join(', ')}` : `not a facetag job id: ${ids.join(', ')}`);
    this.name = 'NotAJobIdError';
  }
}

export type FailedJobAction = 'retry' | 'drop';

/**
 * Retries (queues again, attempts from zero) or drops (forgets) failed jobs: the given ids, each in its own stage's
 * queue, or every failed job (of `stage`, or of every stage) when no id is given. Returns how many.
 */
export async function actOnFailedJobs(admin: QueueAdmin, action: FailedJobAction, ids: readonly string[], stage?: Stage): Promise<number> {
  const stages = stage ? [stage] : [...STAGES];
  const unknown = ids.filter((id) => !stages.some((s) => id.startsWith(`${s}.`)));
  if (unknown.length > 0) throw new NotAJobIdError(unknown, stage);
  const act = (s: Stage, some?: readonly string[]): Promise<number> => (action === 'retry' ? admin.retryFailed(s, some) : admin.dropFailed(s, some));
  let n = 0;
  for (const s of stages) {
    if (ids.length === 0) {
      n += await act(s);
      continue;
    }
    const mine = ids.filter((id) => id.startsWith(`${s}.`));
    if (mine.length > 0) n += await act(s, mine);
  }
  return n;
}
