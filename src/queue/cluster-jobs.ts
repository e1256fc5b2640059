import type { ClusteringCatalog } from '../clustering/cluster-library.js';
import { clusterLibrary } from '../clustering/cluster-library.js';
import { thresholdsForPack } from '../clustering/pack-thresholds.js';
import type { ClusteringChange } from '../catalog/catalog.js';
import type { Library } from '../library/open-library.js';
import { findPack } from '../models/pack-registry.js';
import type { ClusterJob, ClusterResult } from './job-data.js';

/**
 * The clustering stage on a worker. The queue runs one clustering job at a time across all workers (global
 * concurrency 1), and the run checks that it still owns its job right before its single write: a worker that lost
 * its lock (stalled, its job handed to another worker) fails instead of writing people from a stale plan.
 */
export async function runClusterJob(
  library: Library,
  job: ClusterJob,
  workerName: string,
  assertStillOwner: () => Promise<void>,
): Promise<ClusterResult> {
  const t = performance.now();
  const result = await clusterLibrary(fenced(library.catalog, assertStillOwner), job.pack, thresholdsForPack(findPack(job.pack)), {
    mode: job.mode,
  });
  return { ...result, ms: performance.now() - t, worker: workerName };
}

function fenced(catalog: ClusteringCatalog, assertStillOwner: () => Promise<void>): ClusteringCatalog {
  return new Proxy(catalog, {
    get(target, prop, receiver) {
      if (prop === 'applyClustering') {
        return async (change: ClusteringChange) => {
          await assertStillOwner();
          return target.applyClustering(change);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
