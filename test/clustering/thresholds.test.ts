import { describe, expect, it } from 'vitest';
import {
  assertValidThresholds,
  DEFAULT_CLUSTERING_THRESHOLDS,
  InvalidClusteringThresholdsError,
} from '../../src/clustering/thresholds.js';

// Best cosine thresholds on balanced LFW pairs for the bundled recognisers (../shared/models/README.md).
const LFW_BEST_THRESHOLDS = { w600k_mbf_int8: 0.22, mobilefacenet_paddle_128: 0.27, mobilefacenet_128: 0.26 };

describe('DEFAULT_CLUSTERING_THRESHOLDS', () => {
  it('are valid', () => {
    expect(() => assertValidThresholds(DEFAULT_CLUSTERING_THRESHOLDS)).not.toThrow();
  });

  it('demand more similarity than the LFW verification threshold, since a library holds many strangers', () => {
    const lfw = Math.max(...Object.values(LFW_BEST_THRESHOLDS));
    expect(DEFAULT_CLUSTERING_THRESHOLDS.matchSimilarity).toBeGreaterThan(lfw);
    expect(DEFAULT_CLUSTERING_THRESHOLDS.clusterSimilarity).toBeGreaterThan(lfw);
  });

  it('make starting a person stricter than joining one', () => {
    const t = DEFAULT_CLUSTERING_THRESHOLDS;
    expect(t.clusterSimilarity).toBeGreaterThanOrEqual(t.matchSimilarity);
    expect(t.newPersonMargin).toBeGreaterThan(t.matchMargin);
  });

  it('see enough neighbours for the density pass and the exemplars', () => {
    const t = DEFAULT_CLUSTERING_THRESHOLDS;
    expect(t.neighbourCount).toBeGreaterThanOrEqual(t.minClusterSize - 1 + t.exemplarCount);
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_CLUSTERING_THRESHOLDS)).toBe(true);
  });
});

describe('assertValidThresholds', () => {
  it('reports every problem at once', () => {
    const bad = { ...DEFAULT_CLUSTERING_THRESHOLDS, minClusterSize: 1, matchSimilarity: 1.5, exemplarCount: 2.5, seedQuality: Number.NaN };
    try {
      assertValidThresholds(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidClusteringThresholdsError);
      const problems = (e as InvalidClusteringThresholdsError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/minClusterSize.*>= 2/);
      expect(problems.join('\n')).toMatch(/matchSimilarity.*-1\.\.1/);
      expect(problems.join('\n')).toMatch(/exemplarCount/);
      expect(problems.join('\n')).toMatch(/seedQuality/);
    }
  });

  it('refuses a graph method setting that cannot work: no neighbours, a resolution of 0', () => {
    expect(() => assertValidThresholds({ ...DEFAULT_CLUSTERING_THRESHOLDS, communityNeighbourCount: 0 })).toThrow(/communityNeighbourCount must be a whole number >= 1/);
    expect(() => assertValidThresholds({ ...DEFAULT_CLUSTERING_THRESHOLDS, communityResolution: 0 })).toThrow(/communityResolution must be a number > 0/);
  });

  it('takes the adaptive radius slack as null (off) or a number in 0..2', () => {
    expect(() => assertValidThresholds({ ...DEFAULT_CLUSTERING_THRESHOLDS, adaptiveRadiusSlack: null })).not.toThrow();
    expect(() => assertValidThresholds({ ...DEFAULT_CLUSTERING_THRESHOLDS, adaptiveRadiusSlack: 0.1 })).not.toThrow();
    for (const bad of [-0.1, Number.NaN, 3]) {
      expect(() => assertValidThresholds({ ...DEFAULT_CLUSTERING_THRESHOLDS, adaptiveRadiusSlack: bad })).toThrow(/adaptiveRadiusSlack/);
    }
  });

  it('refuses a neighbour count too small to ever find a group', () => {
    expect(() => assertValidThresholds({ ...DEFAULT_CLUSTERING_THRESHOLDS, neighbourCount: 2, minClusterSize: 5 })).toThrow(
      /neighbourCount \(2\) cannot see/,
    );
  });
});
