import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verificationCalibration } from '../../src/eval/calibration.js';
import { VerificationCalibrationSchema } from '../../src/models/pack-manifest.js';
import { dataset, DATASETS } from '../support/shared.js';

const PAIRS = dataset('lfw-meta', 'pairs-balanced.tsv');

describe('verificationCalibration', () => {
  it('records the measurement with the exact data it came from, in the manifest schema', async () => {
    const block = await verificationCalibration(
      {
        pairs: 3670, pairsWithoutFace: 0, bestThreshold: 0.23012, bestAccuracy: 0.998093, tenFoldAccuracy: 0.997822, tenFoldStd: 0.002102,
        folds: 10, foldThresholds: [0.2301, 0.2264, 0.2412],
      },
      { pairsFile: PAIRS, datasetsDir: DATASETS, command: 'facetag eval lfw --pairs x --calibrate', date: new Date('2026-11-29T09:00:00Z') },
    );
    expect(VerificationCalibrationSchema.parse(block)).toEqual(block);
    expect(block).toEqual({
      pairs: 'lfw-meta/pairs-balanced.tsv',
      pairsSha256: createHash('sha256').update(readFileSync(PAIRS)).digest('hex'),
      pairCount: 3670,
      pairsWithoutFace: 0,
      folds: 10,
      threshold: 0.2301,
      accuracyAtThreshold: 0.99809,
      crossValidatedAccuracy: 0.99782,
      crossValidatedStd: 0.0021,
      foldThresholds: [0.2264, 0.2412],
      measured: '2026-11-29',
      command: 'facetag eval lfw --pairs x --calibrate',
    });
  });
});
