import type { Catalog } from '../catalog/catalog.js';
import type { AnalyseOutcome, PhotoJobRunner } from '../jobs/job-runner.js';
import type { ObjectStore } from '../objects/object-store.js';
import { listSourcePhotos, pruneMissing, storeAnalysedPhoto, triageFile, type ScanCounts } from './scan-steps.js';
import type { ListedPhoto, PhotoSource } from './sources/photo-source.js';

export interface ScanProgress {
  total: number;
  done: number;
  analysed: number;
  faces: number;
  failed: number;
  startedAt: number;
}

export interface ScanOptions {
  source: PhotoSource;
  /** Forget photos below the roots whose files are gone. Off by default: a disconnected drive must not erase a library. */
  prune: boolean;
  onProgress?: (progress: ScanProgress) => void;
  onError?: (path: string, reason: string) => void;
  /** Stops scheduling new photos; what is in flight is finished and stored. */
  signal?: AbortSignal;
}

export interface ScanSummary extends ScanCounts {
  stageMs: { decode: number; detect: number; embed: number; store: number };
}

export interface ScanDeps {
  catalog: Catalog;
  objects: ObjectStore;
  runner: PhotoJobRunner;
  pack: string;
}

/**
 * Finds photos, analyses new and changed ones on the runner and stores each in its own transaction,
 * so a scan killed at any point resumes with the photos it had not stored yet.
 */
export async function scanPhotos(deps: ScanDeps, options: ScanOptions): Promise<ScanSummary> {
  const { catalog, runner, pack } = deps;
  const started = performance.now();
  const summary: ScanSummary = {
    found: 0, analysed: 0, unchanged: 0, linked: 0, failed: 0, faces: 0, pruned: 0, interrupted: false,
    stageMs: { decode: 0, detect: 0, embed: 0, store: 0 }, elapsedMs: 0,
  };
  const fail = async (path: string, reason: string): Promise<void> => {
    summary.failed++;
    await catalog.recordError(path, reason);
    options.onError?.(path, reason);
  };

  // Listing first gives the progress display a total and an ETA; the list of paths is small next to the photos.
  const { source } = options;
  const images = await listSourcePhotos(source, fail);
  summary.found = images.length;
  const progress: ScanProgress = { total: images.length, done: 0, analysed: 0, faces: 0, failed: 0, startedAt: Date.now() };
  const report = (): void => {
    progress.failed = summary.failed;
    options.onProgress?.(progress);
  };

  const inFlight = new Set<Promise<void>>();
  const limit = Math.max(2, runner.concurrency * 2);
  // A store that failed after the backends' own retries: the catalog or object store is gone, not the photo bad.
  let storageFailure: unknown = null;
  let runnerFailure: unknown = null;
  try {
    await scheduleAll();
  } catch (error) {
    storageFailure ??= error;
  } finally {
    // Photos already analysed are stored (or fail) before the scan returns, so nothing is left half-written.
    await Promise.allSettled(inFlight);
  }
  if (storageFailure !== null) throw new ScanStoppedError(storageFailure, summary);
  if (runnerFailure !== null) throw runnerFailure;

  async function scheduleAll(): Promise<void> {
    for (const file of images) {
      if (storageFailure !== null || runnerFailure !== null) return;
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
      while (inFlight.size >= limit) await Promise.race(inFlight);
      const analyseTask = await source.task(file, sha256);
      const task = runner
        .analyse(analyseTask)
        .then((outcome) =>
          store(file, sha256, outcome).catch((error: unknown) => {
            storageFailure ??= error;
          }),
        )
        .catch((error: unknown) => {
          runnerFailure ??= error;
        })
        .finally(() => {
          inFlight.delete(task);
          progress.done++;
          report();
        });
      inFlight.add(task);
    }
  }

  async function store(file: ListedPhoto, sha256: string, outcome: AnalyseOutcome): Promise<void> {
    if (!outcome.ok) return fail(file.path, outcome.reason);
    const { analysis } = outcome;
    summary.stageMs.store += await storeAnalysedPhoto(deps, { ...file, sha256 }, pack, analysis);
    summary.stageMs.decode += analysis.timings.decode;
    summary.stageMs.detect += analysis.timings.detect;
    summary.stageMs.embed += analysis.timings.embed;
    summary.analysed++;
    summary.faces += analysis.faces.length;
    progress.analysed++;
    progress.faces += analysis.faces.length;
  }

  if (options.prune && !summary.interrupted) summary.pruned = await pruneMissing(catalog, source.prefixes(), new Set(images.map((f) => f.path)));
  summary.elapsedMs = performance.now() - started;
  return summary;
}

/** The catalog or object store failed mid-scan; what was stored before stays, and a rerun finishes the job. */
export class ScanStoppedError extends Error {
  constructor(
    cause: unknown,
    readonly summary: ScanSummary,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `scan stopped: storage failed (${reason}); the photos stored before are kept; run the scan again to finish`,
      { cause },
    );
    this.name = 'ScanStoppedError';
  }
}

