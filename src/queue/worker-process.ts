import { hostname } from 'node:os';
import type { Config } from '../config/config.js';
import type { Library } from '../library/open-library.js';
import { AnalyseJobHandler } from './analyse-jobs.js';
import { QueueWorker } from './bullmq/bullmq-worker.js';
import { BullmqQueues } from './bullmq/bullmq-queues.js';
import { RedisWorkerRegistry } from './bullmq/worker-registry.js';
import { runClusterJob } from './cluster-jobs.js';
import { CLUSTER_STAGE, type Stage } from './job-data.js';
import type { QueueSettings } from './queue-settings.js';

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
): Promise<{ id: string; stop(): Promise<void> }> {
  const queues = new BullmqQueues(settings, (err) => options.log(`queue: ${err.message}`));
  let worker: QueueWorker | null = null;
  const analyse = new AnalyseJobHandler(library, config, `${hostname()}:${process.pid}`, () => worker?.photoAnalysed());
  // Whoever comes first sets the clustering queue to one job at a time cluster-wide.
  if (options.stages.includes(CLUSTER_STAGE)) await queues.queue(CLUSTER_STAGE).setGlobalConcurrency(1);
  worker = new QueueWorker(
    settings,
    new RedisWorkerRegistry(queues.queue(options.stages[0]!), settings.prefix),
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
    async stop() {
      await running.stop();
      await analyse.close();
      await queues.close();
    },
  };
}
