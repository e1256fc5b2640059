import type { Writable } from 'node:stream';
import { clusterLibrary } from '../clustering/cluster-library.js';
import { thresholdsForPack } from '../clustering/pack-thresholds.js';
import { writeJsonExport, writeJsonExportFile, type JsonExportSummary } from '../interop/json-export.js';
import { writeXmpSidecars, type WriteXmpSidecarsOptions, type XmpSidecarReport } from '../interop/xmp-sidecar.js';
import type { Library } from '../library/open-library.js';
import { findPack } from '../models/pack-registry.js';
import { BullmqQueues } from '../queue/bullmq/bullmq-queues.js';
import { reclusterThroughQueue } from '../queue/queued-recluster.js';
import type { QueueSettings } from '../queue/queue-settings.js';

/** Whole-library work: exports for other programs, and grouping every automatic face again. */

export type { JsonExportSummary, WriteXmpSidecarsOptions, XmpSidecarReport };

/** The whole library as the documented JSON export, to a stream or into a file. */
export function exportJson(backends: Library, to: Writable | string): Promise<JsonExportSummary> {
  return typeof to === 'string' ? writeJsonExportFile(backends.catalog, to) : writeJsonExport(backends.catalog, to);
}

/** An XMP sidecar with the face regions beside each photo (or below `outDir`); one failing photo does not stop the rest. */
export function exportXmp(backends: Library, options: WriteXmpSidecarsOptions = {}): Promise<XmpSidecarReport> {
  return writeXmpSidecars(backends.catalog, options);
}

export interface ReclusterOptions {
  /** Leave the work to a `facetag worker` on these queues and wait for it (as `recluster --queue`). */
  queue?: QueueSettings | null;
  /** With a queue: something to tell the person waiting (no worker serves the clustering queue, ...). */
  onNotice?: (message: string) => void;
  /** With a queue: stop waiting; the job stays queued. */
  signal?: AbortSignal;
}

export interface ReclusterOutcome {
  assigned: number;
  newPeople: number;
  unassigned: number;
}

/** Groups all automatically assigned faces again; the user's names, merges, splits and corrections stay. Null if `signal` ended the wait. */
export async function recluster(backends: Library, pack: string, options: ReclusterOptions = {}): Promise<ReclusterOutcome | null> {
  if (!options.queue) return clusterLibrary(backends.catalog, pack, thresholdsForPack(findPack(pack)), { mode: 'recluster' });
  // On a queue a worker re-clusters, after any clustering of new photos that is waiting (priority).
  const queues = new BullmqQueues(options.queue);
  try {
    return await reclusterThroughQueue(queues, pack, { pollMs: 250, onNotice: options.onNotice, signal: options.signal });
  } finally {
    await queues.close();
  }
}
