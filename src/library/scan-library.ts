import type { Config } from '../config/config.js';
import { clusterLibrary } from '../clustering/cluster-library.js';
import { thresholdsForPack } from '../clustering/pack-thresholds.js';
import type { AnalysisSetup, PhotoJobRunner } from '../jobs/job-runner.js';
import { ThreadPoolRunner } from '../jobs/local/thread-pool-runner.js';
import { findPack } from '../models/pack-registry.js';
import { scanPhotos, type ScanOptions, type ScanSummary } from '../pipeline/scan.js';
import { neighbourSourceFor } from './neighbour-source.js';
import type { Library } from './open-library.js';
import { photoSourceFor } from './photo-source-for.js';
import { runRecordStats } from '../pipeline/scan-steps.js';

export interface LibraryScanResult extends ScanSummary {
  runId: number;
  pack: string;
  clustering: { assigned: number; newPeople: number; unassigned: number; ms: number } | null;
}

export function analysisSetup(config: Config, pack: string): AnalysisSetup {
  return {
    pack,
    modelDirs: config.modelDirs,
    cacheDir: config.cacheDir,
    executionProviders: config.executionProviders,
    intraOpThreads: 1,
    detectSize: config.detectSize,
    maxPixels: config.maxPixels,
    minFaceSize: config.minFaceSize,
    makeCrops: true,
  };
}

/** A whole scan as the user sees it: a recorded run, the photos, then people for the new faces. */
export async function scanLibrary(
  library: Library,
  config: Config,
  pack: string,
  /** runner: analyse on this one (a long-lived pool's lend(), e.g. the server's) instead of threads made for this scan. */
  options: Omit<ScanOptions, 'source'> & { roots: string[]; cluster: boolean; runner?: PhotoJobRunner },
): Promise<LibraryScanResult> {
  const { catalog } = library;
  const source = photoSourceFor(options.roots, config);
  const runId = await catalog.startRun(source.describe(), pack);
  const runner = options.runner ?? new ThreadPoolRunner(analysisSetup(config, pack), config.jobs);
  let summary: ScanSummary;
  try {
    summary = await scanPhotos({ catalog, objects: library.objects, runner, pack }, { ...options, source });
  } finally {
    await Promise.all([options.runner ? undefined : runner.close(), source.close()]);
  }
  let clustering: LibraryScanResult['clustering'] = null;
  if (options.cluster && !summary.interrupted) {
    const t = performance.now();
    const neighbours = await neighbourSourceFor(library);
    const result = await clusterLibrary(catalog, pack, thresholdsForPack(findPack(pack)), { mode: 'incremental', neighbours });
    clustering = { ...result, ms: performance.now() - t };
  }
  await catalog.finishRun(runId, runRecordStats(summary));
  return { ...summary, runId, pack, clustering };
}
