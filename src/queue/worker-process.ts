import { hostname } from 'node:os';
import type { Config } from '../config/config.js';
import type { Library } from '../library/open-library.js';
import { AnalyseJobHandler } from './analyse-jobs.js';
import { QueueWorker, type WorkerStopOutcome } from './bullmq/bullmq-worker.js';
import { BullmqQueues } from './bullmq/bullmq-queues.js';
import { runClusterJob } from './cluster-jobs.js';
import { CLUSTER_STAGE, type Stage } from './job-data.js';
import type { QueueSettings } from './queue-settings.js';
import { within } from '../library/within.js';

export interface WorkerProcessOptions {
  stages: readonly Stage[];
  maxRate?: number;
  lockDurationMs: number;
  heartbeatMs: number;
  log: (line: string) => void;
}

/**
 * Everything `facetag worker` runs: the library backends it stores into, the analysis pool, the queue worker and
 * its registration. Jobs in flight: twice the analysis threads, so a thread never waits while a job is stored.
 */
export async function startWorkerProcess(
  library: Library,
  config: Config,
  settings: QueueSettings,
  options: WorkerProcessOptions,
): Promise<{ id: string; stop(graceMs: number): Promise<WorkerStopOutcome> }> {
  let worker: QueueWorker | null = null;
  const queues = new BullmqQueues(settings, (err) => (worker ? worker.logError(err) : options.log(`queue: ${err.message}`)));
  const analyse = new AnalyseJobHandler(library, config, `${hostname()}:${process.pid}`, () => worker?.photoAnalysed());
  // Whoever comes first sets the clustering queue to one job at a time cluster-wide.
  if (options.stages.includes(CLUSTER_STAGE)) await queues.queue(CLUSTER_STAGE).setGlobalConcurrency(1);
  worker = new QueueWorker(
    settings,
    queues.registry(),
    {
      analyse: (job) => analyse.handle(job),
      cluster: (job, assertStillOwner) => runClusterJob(library, job, worker!.id, assertStillOwner),
    },
    {
      stages: options.stages,
      concurrency: config.jobs * 2,
      threads: config.jobs,
      device: config.executionProviders[0] ?? 'cpu',
      maxRate: options.maxRate,
      lockDurationMs: options.lockDurationMs,
      heartbeatMs: options.heartbeatMs,
      log: options.log,
    },
  );
  await worker.start();
  const running = worker;
  return {
    id: running.id,
    /** Stops within about graceMs: see QueueWorker.stop. A Redis that does not answer is not waited for. */
    async stop(graceMs: number) {
      const outcome = await running.stop(graceMs);
      await analyse.close();
      const drop = (): Promise<void> => within(queues.disconnect(), 1000).catch(() => {});
      await (outcome.clean ? within(queues.close(), 2000).catch(drop) : drop());
      return outcome;
    },
  };
}
