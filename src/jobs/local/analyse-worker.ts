import type { AnalyseOutcome, AnalyseTask, AnalysisSetup } from '../job-runner.js';
import { analyserFromSetup } from '../../pipeline/analyser-from-setup.js';
import { analyseFile } from '../../pipeline/analyse-file.js';
import type { Analyser } from '../../pipeline/analyse-photo.js';
import { workerData } from 'node:worker_threads';

// Loaded once per worker thread; every task reuses the same model sessions.
let analyser: Promise<Analyser> | undefined;

export default async function analyse(task: AnalyseTask): Promise<AnalyseOutcome> {
  analyser ??= analyserFromSetup(workerData as AnalysisSetup);
  return analyseFile(task, await analyser);
}
