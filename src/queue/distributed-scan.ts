import { randomUUID } from 'node:crypto';
import type { Catalog } from '../catalog/catalog.js';
import type { ScanProgress } from '../pipeline/scan.js';
import { linkToStoredContent, listSourcePhotos, pruneMissing, triageFile, type ScanCounts } from '../pipeline/scan-steps.js';
import type { PhotoSource } from '../pipeline/sources/photo-source.js';
import {
  ANALYSE_STAGE,
  AnalyseResultSchema,
  CLUSTER_STAGE,
  ClusterResultSchema,
  PRIORITY,
  analyseJobId,
  clusterJobId,
  type AnalyseJob,
  type ClusterResult,
  type QueuedPhoto,
  type Stage,
} from './job-data.js';
import type { JobQueue, JobReport } from './work-queue.js';

export interface QueuedScanOptions {
  source: PhotoSource;
  prune: boolean;
  cluster: boolean;
  /** Photos per analysis job: 1 keeps retries and progress fine-grained; more saves queue round trips. */
  batch: number;
  detectSize?: number;
  /** How often the state of queued jobs is read. */
  pollMs: number;
  onProgress?: (progress: ScanProgress) => void;
  onError?: (path: string, reason: string) => void;
  /** Something the person running the scan should know while waiting (no worker serves a stage, ...). */
  onNotice?: (message: string) => void;
  signal?: AbortSignal;
}

export interface QueuedScanSummary extends ScanCounts {
  /** Analysis jobs that failed after all their retries (their photos count in failed). */
  failedJobs: number;
  clustering: ClusterResult | null;
}

interface PendingJob {
  stage: Stage;
  data: AnalyseJob;
}

/** How many queued jobs one progress poll looks at: the oldest ones, which are the ones finishing. */
const POLL_WINDOW = 2000;
/** After this long with a job still waiting, the coordinator says that perhaps no worker serves its stage. */
const IDLE_NOTICE_MS = 15_000;

/**
 * `scan --queue`: lists and hashes photos here, leaves analysis and storing to the workers, follows their jobs and
 * finally queues one clustering job and waits for it. Nothing here holds state a restart would need: a killed
 * coordinator is rerun, finds the stored photos in the catalog, and queues the rest again under the same job ids.
 */
export async function scanThroughQueue(
  deps: { catalog: Catalog; queue: JobQueue; pack: string },
  options: QueuedScanOptions,
): Promise<QueuedScanSummary> {
  const { catalog, queue, pack } = deps;
  const started = performance.now();
  const summary: QueuedScanSummary = {
    found: 0, analysed: 0, unchanged: 0, linked: 0, failed: 0, faces: 0, pruned: 0, failedJobs: 0, interrupted: false,
    clustering: null, elapsedMs: 0,
  };
  const progress: ScanProgress = { total: 0, done: 0, analysed: 0, faces: 0, failed: 0, startedAt: Date.now() };
  const report = (): void => {
    progress.failed = summary.failed;
    options.onProgress?.(progress);
  };
  const fail = async (path: string, reason: string): Promise<void> => {
    summary.failed++;
    await catalog.recordError(path, reason);
    options.onError?.(path, reason);
  };

  const { source } = options;
  const photos = await listSourcePhotos(source, fail);
  summary.found = photos.length;
  progress.total = photos.length;

  const pending = new Map<string, PendingJob>();
  /** Content seen in this scan: a second path with the same content is linked once the first is stored. */
  const queuedContent = new Set<string>();
  const copies: QueuedPhoto[] = [];
  let batch: QueuedPhoto[] = [];

  const enqueue = async (): Promise<void> => {
    if (batch.length === 0) return;
    const data: AnalyseJob = { pack, ...(options.detectSize ? { detectSize: options.detectSize } : {}), photos: batch };
    batch = [];
    const id = analyseJobId(pack, data.photos.map((p) => p.sha256));
    await ensureJob(queue, ANALYSE_STAGE, id, data, PRIORITY.newFaces);
    pending.set(id, { stage: ANALYSE_STAGE, data });
  };

  let listing = true;
  // The watcher runs beside the queueing loop; a failure on either side stops both (no poller left running).
  let stopped = false;
  let watchFailure: { error: unknown } | null = null;
  const watcher = watch().catch((error: unknown) => {
    watchFailure = { error };
  });
  try {
    for (const file of photos) {
      if (watchFailure) break;
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      const triage = await triageFile(catalog, source, file, pack);
      if (triage.kind !== 'new') {
        if (triage.kind === 'unreadable') await fail(file.path, triage.reason);
        else summary[triage.kind]++;
        progress.done++;
        report();
        continue;
      }
      const { sha256 } = triage;
      const photo: QueuedPhoto = { ...file, sha256 };
      // Content queued earlier in this scan is not stored yet: the copy is linked once the workers have stored it.
      if (queuedContent.has(sha256)) {
        copies.push(photo);
        continue;
      }
      queuedContent.add(sha256);
      batch.push(photo);
      if (batch.length >= options.batch) await enqueue();
    }
    if (!summary.interrupted && !watchFailure) await enqueue();
  } catch (error) {
    stopped = true;
    throw error;
  } finally {
    listing = false;
  }
  await watcher;
  const failure = watchFailure as { error: unknown } | null;
  if (failure) throw failure.error;

  if (!summary.interrupted) {
    for (const copy of copies) {
      if (await catalog.isPhotoScanned(copy.sha256, pack)) {
        await linkToStoredContent(catalog, copy);
        summary.linked++;
      } else {
        await fail(copy.path, 'same content as another file of this scan, which could not be analysed');
      }
      progress.done++;
      report();
    }
  }

  if (options.cluster && !summary.interrupted) {
    const id = clusterJobId(pack, 'incremental', randomUUID());
    const data = { pack, mode: 'incremental' };
    await ensureJob(queue, CLUSTER_STAGE, id, data, PRIORITY.newFaces);
    const outcome = await waitFor(queue, CLUSTER_STAGE, id, options, data);
    if (outcome === null) summary.interrupted = true;
    else if (outcome.state === 'failed') throw new Error(`clustering failed: ${outcome.failedReason ?? 'unknown error'} (see facetag jobs)`);
    else summary.clustering = ClusterResultSchema.parse(outcome.result);
  }

  if (options.prune && !summary.interrupted) {
    summary.pruned = await pruneMissing(catalog, source.prefixes(), new Set(photos.map((f) => f.path)));
  }
  summary.elapsedMs = performance.now() - started;
  return summary;

  /** Follows the queued jobs until every one has finished (or the scan is interrupted). */
  async function watch(): Promise<void> {
    let idleSince = Date.now();
    for (;;) {
      if (stopped) return;
      if (options.signal?.aborted) {
        summary.interrupted = true;
        return;
      }
      if (!listing && pending.size === 0) return;
      const window = [...pending.keys()].slice(0, POLL_WINDOW);
      const reports = window.length > 0 ? await queue.reports(ANALYSE_STAGE, window) : new Map<string, JobReport>();
      let finished = 0;
      for (const [id, job] of reports) {
        if (await settle(id, job)) finished++;
      }
      if (finished > 0) idleSince = Date.now();
      else if (pending.size > 0 && Date.now() - idleSince > IDLE_NOTICE_MS) {
        options.onNotice?.(`no ${ANALYSE_STAGE} job finished for ${Math.round((Date.now() - idleSince) / 1000)} s: is a worker running (facetag cluster status)?`);
        idleSince = Date.now();
      }
      await sleep(options.pollMs);
    }
  }

  /** Takes a finished job off the pending list and counts its photos; true when it was finished. */
  async function settle(id: string, job: JobReport): Promise<boolean> {
    const entry = pending.get(id)!;
    const photosOfJob = entry.data.photos;
    if (job.state === 'completed') {
      const parsed = AnalyseResultSchema.safeParse(job.result);
      if (!parsed.success) throw new Error(`job ${id} returned an unexpected result: ${parsed.error.message}`);
      const result = parsed.data;
      summary.analysed += result.analysed;
      summary.linked += result.alreadyStored;
      summary.faces += result.faces;
      progress.analysed += result.analysed;
      progress.faces += result.faces;
      // The worker already recorded these errors in the catalog.
      for (const f of result.failed) {
        summary.failed++;
        options.onError?.(f.path, f.reason);
      }
    } else if (job.state === 'failed') {
      summary.failedJobs++;
      for (const photo of photosOfJob) await fail(photo.path, `job ${id} failed after ${job.attemptsMade} attempts: ${job.failedReason ?? '?'}`);
    } else if (job.state === 'unknown') {
      // The job is gone (a Redis that lost its data, a dropped job): what was stored counts, the rest is queued again.
      const missing: QueuedPhoto[] = [];
      for (const photo of photosOfJob) if (!(await catalog.isPhotoScanned(photo.sha256, pack))) missing.push(photo);
      if (missing.length > 0) {
        options.onNotice?.(`job ${id} vanished from the queue; queueing it again`);
        await ensureJob(queue, ANALYSE_STAGE, id, entry.data, PRIORITY.newFaces);
        return false;
      }
      summary.linked += photosOfJob.length;
    } else {
      return false;
    }
    pending.delete(id);
    progress.done += photosOfJob.length;
    report();
    return true;
  }
}

/**
 * Adds the job, or revives the one already under its id. The coordinator only queues content the catalog does not
 * have, so a completed job under the same id is stale (a library reset, a pruned photo) and runs again; a failed
 * one is retried; a waiting or active one (another scan's) is simply waited for.
 */
export async function ensureJob(queue: JobQueue, stage: Stage, id: string, data: unknown, priority: number): Promise<void> {
  const existing = (await queue.reports(stage, [id])).get(id);
  switch (existing?.state) {
    case 'completed':
      await queue.remove(stage, id);
      await queue.add(stage, id, data, { priority });
      return;
    case 'failed':
      await queue.retry(stage, id);
      return;
    case undefined:
    case 'unknown':
      await queue.add(stage, id, data, { priority });
      return;
    default:
      return;
  }
}

/** Waits for one job to finish (exported for `recluster --queue`); null when the scan was interrupted first. A job that vanished is queued again. */
export async function waitFor(
  queue: JobQueue,
  stage: Stage,
  id: string,
  options: Pick<QueuedScanOptions, 'pollMs' | 'signal' | 'onNotice'>,
  data: unknown,
): Promise<JobReport | null> {
  const since = Date.now();
  let noticed = false;
  for (;;) {
    if (options.signal?.aborted) return null;
    const report = (await queue.reports(stage, [id])).get(id);
    if (report?.state === 'completed' || report?.state === 'failed') return report;
    if (report?.state === 'unknown') await queue.add(stage, id, data, { priority: PRIORITY.newFaces });
    if (!noticed && report?.state === 'waiting' && Date.now() - since > IDLE_NOTICE_MS) {
      options.onNotice?.(`the ${stage} job is still waiting: is a worker serving the ${stage} stage running (facetag cluster status)?`);
      noticed = true;
    }
    await sleep(options.pollMs);
  }
}


function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
