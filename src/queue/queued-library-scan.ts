import type { Config } from '../config/config.js';
import type { Library } from '../library/open-library.js';
import { photoSourceFor } from '../library/photo-source-for.js';
import { scanThroughQueue, type QueuedScanOptions, type QueuedScanSummary } from './distributed-scan.js';
import type { JobQueue } from './work-queue.js';
import { runRecordStats } from '../pipeline/scan-steps.js';

export interface QueuedLibraryScanResult extends QueuedScanSummary {
  runId: number;
  pack: string;
}

/** A queued scan as the user sees it: a recorded run around scanThroughQueue, as scanLibrary does for local scans. */
export async function scanLibraryThroughQueue(
  library: Library,
  config: Config,
  pack: string,
  queue: JobQueue,
  options: Omit<QueuedScanOptions, 'source'> & { roots: string[] },
): Promise<QueuedLibraryScanResult> {
  const { catalog } = library;
  const source = photoSourceFor(options.roots, config);
  const runId = await catalog.startRun(source.describe(), pack);
  let summary: QueuedScanSummary;
  try {
    summary = await scanThroughQueue({ catalog, queue, pack }, { ...options, source });
  } finally {
    await source.close();
  }
  await catalog.finishRun(runId, runRecordStats(summary));
  return { ...summary, runId, pack };
}
