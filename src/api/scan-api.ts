import type { Config } from '../config/config.js';
import type { PhotoJobRunner } from '../jobs/job-runner.js';
import type { Library } from '../library/open-library.js';
import { readPlan } from '../library/pack-switch-plan.js';
import { scanLibrary } from '../library/scan-library.js';
import type { ScanProgress } from '../pipeline/scan.js';
import type { ScanCounts } from '../pipeline/scan-steps.js';
import { BullmqQueues } from '../queue/bullmq/bullmq-queues.js';
import { scanLibraryThroughQueue } from '../queue/queued-library-scan.js';
import type { QueueSettings } from '../queue/queue-settings.js';

export interface LibraryScanOptions {
  onProgress?: (progress: ScanProgress) => void;
  onError?: (path: string, reason: string) => void;
  /** Aborting stops scheduling new photos (or queueing them); photos in flight are finished and stored. */
  signal?: AbortSignal;
  /** Forget photos below the paths whose files are gone (default off). */
  prune?: boolean;
  /** Group the new faces into people at the end (default on). */
  cluster?: boolean;
  /** Leave analysis to `facetag worker` processes on these queues (as `scan --queue`); this process lists, hashes and follows. */
  queue?: QueueSettings | null;
  /** With a queue: photos per analysis job (default 1: fine-grained retries and progress). */
  batch?: number;
  /**
   * With a queue: the longest side the workers scale photos to for detection in this scan (default: each worker's
   * own). A local scan uses the library's `detectSize` setting, which its threads were started with.
   */
  detectSize?: number;
  /** With a queue: something to tell the person waiting (no worker serves a stage, ...). */
  onNotice?: (message: string) => void;
  /** With a queue: a connection problem the queue client reports and retries (Redis gone for a while). */
  onQueueError?: (err: Error) => void;
}

/** What a scan did, locally or through the queue. */
export interface LibraryScanOutcome extends ScanCounts {
  runId: number;
  pack: string;
  queued: boolean;
  /** Queued analysis jobs that failed after all their retries (their photos count in `failed`); 0 for a local scan. */
  failedJobs: number;
  clustering: { assigned: number; newPeople: number; unassigned: number } | null;
}

export interface ScanTarget {
  backends: Library;
  config: Config;
  pack: string;
  /** The threads to analyse on when there is no queue: normally the library's shared pool, lent. */
  runner: () => Promise<PhotoJobRunner>;
}

/** One scan into the library: on the given threads, or through the job queues when a queue is given. */
export async function scanIntoLibrary(target: ScanTarget, paths: string[], options: LibraryScanOptions): Promise<LibraryScanOutcome> {
  const { backends, config, pack } = target;
  // A scan with the old pack in the middle of a switch (models use, interrupted) would analyse finished photos back
  // with it; the saved decisions would still be carried at the end, but the work would be done twice.
  const pending = await readPlan(backends.catalog);
  if (pending && pending.to !== pack) throw new Error(`the switch to pack ${pending.to} is unfinished; finish it first with: facetag models use ${pending.to}`);
  const common = {
    roots: paths,
    prune: options.prune ?? false,
    cluster: options.cluster ?? true,
    signal: options.signal,
    onProgress: options.onProgress,
    onError: options.onError,
  };
  if (!options.queue) {
    const result = await scanLibrary(backends, config, pack, { ...common, runner: await target.runner() });
    return { ...result, queued: false, failedJobs: 0 };
  }
  const queues = new BullmqQueues(options.queue, options.onQueueError);
  try {
    const queued = { batch: options.batch ?? 1, detectSize: options.detectSize, onNotice: options.onNotice, pollMs: 250 };
    const result = await scanLibraryThroughQueue(backends, config, pack, queues, { ...common, ...queued });
    return { ...result, queued: true };
  } finally {
    await queues.close();
  }
}
