import { chineseWhispersMethod } from './chinese-whispers.js';
import { exemplarDensityMethod } from './exemplar-density.js';
import { immichBaseline } from './immich-baseline.js';
import { louvainMethod } from './louvain.js';
import type { ClusteringMethod } from './method.js';

export const DEFAULT_CLUSTERING_METHOD = exemplarDensityMethod.name;

const METHODS: ReadonlyMap<string, ClusteringMethod> = new Map(
  [exemplarDensityMethod, immichBaseline(), louvainMethod, chineseWhispersMethod].map((m) => [m.name, m]),
);

export class UnknownClusteringMethodError extends Error {
  override readonly name = 'UnknownClusteringMethodError';
  constructor(readonly requested: string) {
    super(`unknown clustering method "${requested}"; known methods: ${clusteringMethodNames().join(', ')}`);
  }
}

export function clusteringMethodNames(): string[] {
  return [...METHODS.keys()].sort();
}

/** Picks a method by name and refuses names it does not know, rather than silently falling back. */
export function clusteringMethod(name: string): ClusteringMethod {
  const method = METHODS.get(name);
  if (!method) throw new UnknownClusteringMethodError(name);
  return method;
}
