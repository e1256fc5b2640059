import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { VerificationCalibration } from '../models/pack-manifest.js';
import type { EvaluationReport } from './evaluate-library.js';

export interface CalibrationSource {
  /** The pairs file as given, and the datasets folder its paths are relative to. */
  pairsFile: string;
  datasetsDir: string;
  /** The facetag command that measured it, as typed. */
  command: string;
  /** When it was measured; the day goes into the manifest. */
  date: Date;
}

/**
 * The manifest block that records a pack's pair verification (`calibration.verification`), with the data it came
 * from: the pairs file by path and sha256, the fold count, the chosen threshold and both accuracies.
 */
export async function verificationCalibration(
  verification: NonNullable<EvaluationReport['verification']>,
  source: CalibrationSource,
): Promise<VerificationCalibration> {
  const bytes = await readFile(source.pairsFile);
  return {
    pairs: relative(source.datasetsDir, source.pairsFile).split(sep).join('/'),
    pairsSha256: createHash('sha256').update(bytes).digest('hex'),
    pairCount: verification.pairs,
    pairsWithoutFace: verification.pairsWithoutFace,
    folds: verification.folds,
    threshold: round(verification.bestThreshold, 4),
    accuracyAtThreshold: round(verification.bestAccuracy, 5),
    crossValidatedAccuracy: round(verification.tenFoldAccuracy, 5),
    crossValidatedStd: round(verification.tenFoldStd, 5),
    foldThresholds: [round(Math.min(...verification.foldThresholds), 4), round(Math.max(...verification.foldThresholds), 4)],
    measured: source.date.toISOString().slice(0, 10),
    command: source.command,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
