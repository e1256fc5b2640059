import { describe, expect, it } from 'vitest';
import {
  clusteringMethod,
  clusteringMethodNames,
  DEFAULT_CLUSTERING_METHOD,
  UnknownClusteringMethodError,
} from '../../../src/clustering/methods/registry.js';
import { planClustering } from '../../../src/clustering/plan-clustering.js';

describe('clustering method registry', () => {
  it('knows the default method, the Immich baseline and the graph methods', () => {
    expect(clusteringMethodNames()).toEqual(['chinese-whispers', 'exemplar-density', 'immich-baseline', 'louvain']);
    expect(DEFAULT_CLUSTERING_METHOD).toBe('exemplar-density');
    expect(clusteringMethod('exemplar-density').plan).toBe(planClustering);
    expect(clusteringMethod('immich-baseline').name).toBe('immich-baseline');
    expect(clusteringMethod('louvain').name).toBe('louvain');
    expect(clusteringMethod('chinese-whispers').name).toBe('chinese-whispers');
  });

  it('refuses an unknown name and says which names exist', () => {
    expect(() => clusteringMethod('kmeans')).toThrow(UnknownClusteringMethodError);
    expect(() => clusteringMethod('kmeans')).toThrow(/unknown clustering method "kmeans"; known methods: chinese-whispers, exemplar-density, immich-baseline, louvain/);
  });
});
