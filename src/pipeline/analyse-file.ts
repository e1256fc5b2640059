import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AnalyseOutcome, AnalyseTask } from '../jobs/job-runner.js';
import { analysePhoto, type Analyser } from './analyse-photo.js';
import { UnreadablePhotoError } from './decode.js';

/** One photo file to an outcome: bad photos become a reason, never an exception that stops the scan. */
export async function analyseFile(task: AnalyseTask, analyser: Analyser): Promise<AnalyseOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = task.bytes ?? (await readFile(task.path));
  } catch (err) {
    return { ok: false, reason: `cannot read file: ${(err as Error).message}` };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== task.sha256) return { ok: false, reason: 'file changed while it was being scanned; it will be picked up by the next scan' };
  try {
    return { ok: true, analysis: await analysePhoto(bytes, analyser) };
  } catch (err) {
    if (err instanceof UnreadablePhotoError) return { ok: false, reason: err.message };
    return { ok: false, reason: `internal error while analysing: ${err instanceof Error ? err.message : String(err)}` };
  }
}
