import type { PackManifest } from '../models/pack-manifest.js';
import { assertValidThresholds, DEFAULT_CLUSTERING_THRESHOLDS, type ClusteringThresholds } from './thresholds.js';

/** The pack's own calibrated values over the defaults; unknown names in a manifest are refused. */
export function thresholdsForPack(manifest: PackManifest): ClusteringThresholds {
  const known = new Set(Object.keys(DEFAULT_CLUSTERING_THRESHOLDS));
  const unknown = Object.keys(manifest.clustering).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`model pack ${manifest.name}: unknown clustering settings ${unknown.join(', ')}`);
  const thresholds = { ...DEFAULT_CLUSTERING_THRESHOLDS, ...manifest.clustering } as ClusteringThresholds;
  assertValidThresholds(thresholds);
  return thresholds;
}
