import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { packageRoot } from '../../package-root.js';
import type { AnalyseOutcome, AnalyseTask, AnalysisSetup, PhotoJobRunner } from '../job-runner.js';

/** Analyses photos on worker threads of this process: the embedded default, no server needed. */
export class ThreadPoolRunner implements PhotoJobRunner {
  private readonly pool: Piscina;

  constructor(setup: AnalysisSetup, readonly concurrency: number) {
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

  analyse(task: AnalyseTask): Promise<AnalyseOutcome> {
    return this.pool.run(task) as Promise<AnalyseOutcome>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
