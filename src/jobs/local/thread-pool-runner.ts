import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { packageRoot } from '../../package-root.js';
import type { AnalyseOutcome, AnalyseTask, AnalysisSetup, PhotoJobRunner } from '../job-runner.js';
import type { InferenceOutcome, InferenceTaskName, InferenceTasks } from './inference-tasks.js';

/** What each worker thread gets: the analysis setup, and whether to load the models as soon as it starts. */
export interface PoolSetup extends AnalysisSetup {
  /** Load models when a thread starts instead of at its first task (long-lived pools: the server's). */
  warmUp?: boolean;
}

/** Told about the pool's work, e.g. to keep metrics: tasks running or waiting, and each analysed image. */
export interface PoolWatcher {
  activity?(pending: number, threads: number): void;
  /** A photo or an uploaded image was analysed successfully and held this many faces. */
  analysed?(faces: number): void;
}

/**
 * Analyses photos on worker threads of this process: the embedded default, no server needed. The same threads also
 * run inference tasks (detect, embed) for the HTTP server, so a server's scans and requests share one set of loaded
 * models and one limit on threads.
 */
export class ThreadPoolRunner implements PhotoJobRunner {
  private readonly pool: Piscina;
  private pendingTasks = 0;

  constructor(
    private readonly setup: PoolSetup,
    readonly concurrency: number,
    private readonly watcher: PoolWatcher = {},
  ) {
    // Workers always run the compiled module: worker threads cannot load TypeScript sources.
    const workerFile = join(packageRoot(), 'dist', 'src', 'jobs', 'local', 'analyse-worker.js');
    if (!existsSync(workerFile)) throw new Error(`facetag is not built (${workerFile} is missing): run npm run build`);
    this.pool = new Piscina({
      filename: pathToFileURL(workerFile).href,
      workerData: setup,
      minThreads: concurrency,
      maxThreads: concurrency,
    });
  }

  /** The model pack every thread analyses with. */
  get pack(): string {
    return this.setup.pack;
  }

  /** Tasks running or waiting for a thread, scans' and inference's together. */
  get pending(): number {
    return this.pendingTasks;
  }

  analyse(task: AnalyseTask): Promise<AnalyseOutcome> {
    return this.track(this.pool.run(task) as Promise<AnalyseOutcome>, (o) => (o.ok ? o.analysis.faces.length : null));
  }

  /** Runs one of the worker module's named inference tasks on the image bytes (copied to the thread). */
  infer<N extends InferenceTaskName>(name: N, bytes: Uint8Array): Promise<InferenceOutcome<InferenceTasks[N]>> {
    const run = this.pool.run({ bytes }, { name }) as Promise<InferenceOutcome<InferenceTasks[N]>>;
    return this.track(run, (o) => (!o.ok ? null : 'faces' in o.value ? o.value.faces.length : 1));
  }

  /**
   * A runner for one scan over this pool: closing it ends the scan's use, not the pool (the library that owns the
   * pool closes it).
   */
  lend(): PhotoJobRunner {
    return { concurrency: this.concurrency, analyse: (task) => this.analyse(task), close: async () => {} };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private async track<T>(run: Promise<T>, facesOf: (outcome: T) => number | null): Promise<T> {
    this.changePending(+1);
    try {
      const outcome = await run;
      const faces = facesOf(outcome);
      if (faces !== null) this.watcher.analysed?.(faces);
      return outcome;
    } finally {
      this.changePending(-1);
    }
  }

  private changePending(by: number): void {
    this.pendingTasks += by;
    this.watcher.activity?.(this.pendingTasks, this.concurrency);
  }
}
