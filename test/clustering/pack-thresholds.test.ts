import { describe, expect, it } from 'vitest';
import { thresholdsForPack } from '../../src/clustering/pack-thresholds.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import { PackManifestSchema, type VerificationCalibration } from '../../src/models/pack-manifest.js';
import { knownPacks } from '../../src/models/pack-registry.js';

const verification = (threshold: number): VerificationCalibration => ({
  pairs: 'lfw-meta/pairs-balanced.tsv', pairsSha256: 'a'.repeat(64), pairCount: 3670, pairsWithoutFace: 0, folds: 10,
  threshold, accuracyAtThreshold: 0.99, crossValidatedAccuracy: 0.99, crossValidatedStd: 0.002, foldThresholds: [threshold, threshold],
  measured: '2026-11-29', command: 'facetag eval ...',
});

function manifest(clustering: Record<string, number>, threshold?: number) {
  return PackManifestSchema.parse({
    name: 'test-pack', description: '', licence: '',
    detector: { family: 'yunet', file: 'd.onnx', sha256: 'b'.repeat(64), detectSize: 640, scoreThreshold: 0.6, nmsIou: 0.3 },
    embedder: { family: 'arcface', file: 'e.onnx', sha256: 'c'.repeat(64), embeddingSize: 512, colour: 'rgb', mean: 127.5, std: 128 },
    clustering,
    calibration: threshold === undefined ? {} : { verification: verification(threshold) },
  });
}

describe('thresholdsForPack', () => {
  it("lays the pack's values over the defaults", () => {
    expect(thresholdsForPack(manifest({ matchSimilarity: 0.5 }))).toEqual({ ...DEFAULT_CLUSTERING_THRESHOLDS, matchSimilarity: 0.5 });
  });

  it('refuses unknown settings', () => {
    expect(() => thresholdsForPack(manifest({ matchSimilarty: 0.5 }))).toThrow(/unknown clustering settings matchSimilarty/);
  });

  it("refuses clustering that would join faces at or below the pack's calibrated pair threshold", () => {
    expect(() => thresholdsForPack(manifest({}, 0.22))).not.toThrow();
    expect(() => thresholdsForPack(manifest({}, DEFAULT_CLUSTERING_THRESHOLDS.matchSimilarity))).toThrow("test-pack: matchSimilarity 0.35 not above the pack's calibrated pair threshold 0.35");
    expect(() => thresholdsForPack(manifest({ clusterSimilarity: 0.3 }, 0.32))).toThrow("test-pack: clusterSimilarity 0.3 not above the pack's calibrated pair threshold 0.32");
  });

  it('hold for every shipped pack', () => {
    for (const pack of knownPacks()) expect(() => thresholdsForPack(pack), pack.name).not.toThrow();
  });
});
