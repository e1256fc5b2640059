import { randomUUID } from 'node:crypto';
import { ensureJob, waitFor } from './distributed-scan.js';
import { CLUSTER_STAGE, ClusterResultSchema, PRIORITY, clusterJobId, type ClusterJob, type ClusterResult } from './job-data.js';
import type { JobQueue } from './work-queue.js';

/**
 * `recluster --queue`: a full re-clustering as a job on the clustering queue, at a lower priority than the
 * incremental runs that give new photos their people, and like them one at a time across all workers.
 */
export async function reclusterThroughQueue(
  queue: JobQueue,
  pack: string,
  options: { pollMs: number; signal?: AbortSignal; onNotice?: (message: string) => void },
): Promise<ClusterResult | null> {
  const id = clusterJobId(pack, 'recluster', randomUUID());
  const data: ClusterJob = { pack, mode: 'recluster' };
  await ensureJob(queue, CLUSTER_STAGE, id, data, PRIORITY.recluster);
  const outcome = await waitFor(queue, CLUSTER_STAGE, id, options, data);
  if (outcome === null) return null;
  if (outcome.state === 'failed') throw new Error(`re-clustering failed: ${outcome.failedReason ?? 'unknown error'} (see facetag jobs)`);
  return ClusterResultSchema.parse(outcome.result);
}
