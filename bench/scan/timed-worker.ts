/** facetag's scan worker, recording when each task starts and ends on its thread (for bench/scan/worker-idle.ts). */
import { threadId } from 'node:worker_threads';
import analyse from '../../src/jobs/local/analyse-worker.js';
import type { AnalyseOutcome, AnalyseTask } from '../../src/jobs/job-runner.js';

export interface TaskSpan { threadId: number; start: number; end: number }

const now = () => performance.timeOrigin + performance.now();

export default async function timedAnalyse(task: AnalyseTask): Promise<AnalyseOutcome & { span: TaskSpan }> {
  const start = now();
  const outcome = await analyse(task);
  return { ...outcome, span: { threadId, start, end: now() } };
}
