import type { PackManifest } from '../models/pack-manifest.js';
import { assertValidThresholds, DEFAULT_CLUSTERING_THRESHOLDS, type ClusteringThresholds } from './thresholds.js';

/** The pack's own calibrated values over the defaults; unknown names in a manifest are refused. */
export function thresholdsForPack(manifest: PackManifest): ClusteringThresholds {
  const known = new Set(Object.keys(DEFAULT_CLUSTERING_THRESHOLDS));
  const unknown = Object.keys(manifest.clustering).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`model pack ${manifest.name}: unknown clustering settings ${unknown.join(', ')}`);
  const thresholds = { ...DEFAULT_CLUSTERING_THRESHOLDS, ...manifest.clustering } as ClusteringThresholds;
  assertValidThresholds(thresholds);
  assertAboveVerificationThreshold(manifest, thresholds);
  return thresholds;
}

/**
 * The pack's calibrated pair threshold is where a 50/50 mix of same and different pairs is best told apart; a library
 * compares every face with thousands of strangers, so a similarity that joins faces automatically must lie above it.
 * Clustering thresholds are not derived from it (the gap it needs differs per embedding space: +0.13 for w600k,
 * +0.03 for the compressed dlib space), but a manifest whose clustering would join faces the pack itself calls
 * different is refused.
 */
function assertAboveVerificationThreshold(manifest: PackManifest, thresholds: ClusteringThresholds): void {
  const verification = manifest.calibration.verification;
  if (!verification) return;
  const below = (['matchSimilarity', 'clusterSimilarity'] as const).filter((key) => thresholds[key] <= verification.threshold);
  if (below.length > 0) {
    throw new Error(
      `model pack ${manifest.name}: ${below.map((k) => `${k} ${thresholds[k]}`).join(', ')} not above the pack's calibrated pair threshold ${verification.threshold}`,
    );
  }
}
