import type { Config } from '../config/config.js';
import { linkToStoredContent, storeAnalysedPhoto } from '../pipeline/scan-steps.js';
import type { AnalyseOutcome } from '../jobs/job-runner.js';
import { ThreadPoolRunner } from '../jobs/local/thread-pool-runner.js';
import type { Library } from '../library/open-library.js';
import { analysisSetup } from '../library/scan-library.js';
import type { AnalyseJob, AnalyseResult, QueuedPhoto } from './job-data.js';
import { PhotoReader } from './photo-reader.js';

/**
 * The analysis stage on a worker: each photo of a job is analysed on this process's thread pool (the same code a
 * local scan runs) and stored by the worker itself. Storing is idempotent (content-addressed photos, face ids
 * from the content hash), so a job delivered twice (a worker killed after storing, before acknowledging) stores
 * nothing twice; a photo already stored is not even analysed again.
 */
export class AnalyseJobHandler {
  private readonly runners = new Map<string, ThreadPoolRunner>();
  private readonly reader: PhotoReader;

  constructor(
    private readonly library: Library,
    private readonly config: Config,
    private readonly workerName: string,
    private readonly onPhotoAnalysed: () => void = () => {},
  ) {
    this.reader = new PhotoReader(config);
  }

  /** Analysis threads per pack setting: normally one pool, since a library has one pack. */
  get threads(): number {
    return this.config.jobs;
  }

  async handle(job: AnalyseJob, shouldStart: () => void = () => {}): Promise<AnalyseResult> {
    const { catalog } = this.library;
    const runner = this.runnerFor(job);
    const result: AnalyseResult = {
      analysed: 0, alreadyStored: 0, faces: 0, failed: [], worker: this.workerName, ms: { decode: 0, detect: 0, embed: 0, store: 0 },
    };
    const one = async (photo: QueuedPhoto): Promise<void> => {
      const file = { path: photo.path, sha256: photo.sha256, size: photo.size, mtimeMs: photo.mtimeMs };
      if (await catalog.isPhotoScanned(photo.sha256, job.pack)) {
        await linkToStoredContent(catalog, file);
        result.alreadyStored++;
        return;
      }
      // Throws when the worker is stopping and the job has not started: the job goes back to the queue whole.
      shouldStart();
      let outcome: AnalyseOutcome;
      try {
        outcome = await runner.analyse(await this.reader.task(photo));
      } catch (err) {
        // Reading from a bucket can fail for a moment (network); the analysis pool failing means this worker is
        // broken. Either way the job fails and BullMQ retries it (here or on another worker) with backoff.
        throw new Error(`${photo.path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (!outcome.ok) {
        // A bad photo is an outcome, not a job failure: it is recorded and never blocks the queue.
        await catalog.recordError(photo.path, outcome.reason);
        result.failed.push({ path: photo.path, reason: outcome.reason });
        return;
      }
      const { analysis } = outcome;
      result.ms.store += await storeAnalysedPhoto(this.library, file, job.pack, analysis);
      result.ms.decode += analysis.timings.decode;
      result.ms.detect += analysis.timings.detect;
      result.ms.embed += analysis.timings.embed;
      result.analysed++;
      result.faces += analysis.faces.length;
      this.onPhotoAnalysed();
    };
    await Promise.all(job.photos.map(one));
    return result;
  }

  private runnerFor(job: AnalyseJob): ThreadPoolRunner {
    const key = `${job.pack}|${job.detectSize ?? ''}`;
    let runner = this.runners.get(key);
    if (!runner) {
      runner = new ThreadPoolRunner({ ...analysisSetup(this.config, job.pack), detectSize: job.detectSize }, this.config.jobs);
      this.runners.set(key, runner);
    }
    return runner;
  }

  async close(): Promise<void> {
    this.reader.close();
    await Promise.all([...this.runners.values()].map((r) => r.close()));
    this.runners.clear();
  }
}
