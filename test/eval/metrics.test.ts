import { describe, expect, it } from 'vitest';
import {
  bcubedScores,
  bestThreshold,
  crossValidatedAccuracy,
  pairwiseScores,
  partitionAgreement,
  singletonMerges,
  type LabelledItem,
  type VerificationPair,
} from '../../src/eval/metrics.js';

const item = (predicted: string | null, identity: string): LabelledItem => ({ predicted, identity });

// a, b, c predicted together (c is someone else); d left alone though it is c's identity; e alone.
const mixed = [item('X', 'A'), item('X', 'A'), item('X', 'B'), item(null, 'B'), item('Y', 'C')];

describe('pairwiseScores', () => {
  it('counts pairs put together against pairs of one identity', () => {
    // predicted pairs ab ac bc; true pairs ab cd; correct ab.
    const s = pairwiseScores(mixed);
    expect(s).toMatchObject({ predictedPairs: 3, truePairs: 2, correctPairs: 1 });
    expect(s.precision).toBeCloseTo(1 / 3, 12);
    expect(s.recall).toBeCloseTo(1 / 2, 12);
    expect(s.f1).toBeCloseTo(0.4, 12);
  });

  it('treats every unassigned item as a cluster of its own', () => {
    const s = pairwiseScores([item(null, 'A'), item(null, 'A'), item(null, 'B')]);
    expect(s).toMatchObject({ predictedPairs: 0, truePairs: 1, precision: 1, recall: 0, f1: 0 });
  });

  it('does not confuse a label that looks like an unassigned marker', () => {
    const s = pairwiseScores([item('unassigned:0', 'A'), item(null, 'B')]);
    expect(s.predictedPairs).toBe(0);
  });

  it('is perfect for a perfect clustering and ignores label names', () => {
    const s = pairwiseScores([item('1', 'A'), item('1', 'A'), item('2', 'B'), item('2', 'B'), item(null, 'C')]);
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });
});

describe('bcubedScores', () => {
  it('averages per-item precision and recall', () => {
    // precision per item: 2/3 2/3 1/3 1 1; recall: 1 1 1/2 1/2 1.
    const s = bcubedScores(mixed);
    expect(s.precision).toBeCloseTo(11 / 15, 12);
    expect(s.recall).toBeCloseTo(4 / 5, 12);
    expect(s.f1).toBeCloseTo(88 / 115, 12);
  });

  it('gives everything-in-one-cluster full recall and low precision', () => {
    const s = bcubedScores([item('X', 'A'), item('X', 'A'), item('X', 'B'), item('X', 'C')]);
    // precision per item: 2/4 2/4 1/4 1/4.
    expect(s.precision).toBeCloseTo(6 / 16, 12);
    expect(s.recall).toBe(1);
  });

  it('is 1 for an empty input', () => {
    expect(bcubedScores([])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
});

describe('singletonMerges', () => {
  it('counts identities seen once that share a cluster with anyone', () => {
    const items = [
      item('X', 'A'),
      item('X', 'A'),
      item('X', 'S1'), // merged into A's cluster
      item(null, 'S2'), // left alone
      item('Y', 'S3'), // merged with another singleton
      item('Y', 'S4'),
      item('Z', 'S5'), // a cluster of one
    ];
    expect(singletonMerges(items)).toEqual({ singletons: 5, merged: 3, rate: 0.6 });
  });

  it('is 0 when there are no singletons', () => {
    expect(singletonMerges([item('X', 'A'), item('X', 'A')])).toEqual({ singletons: 0, merged: 0, rate: 0 });
  });
});

const pair = (fold: number, same: boolean, similarity: number): VerificationPair => ({ fold, same, similarity });
// Fold 3 holds a hard pair each way.
const pairs = [pair(1, true, 0.9), pair(1, false, 0.1), pair(2, true, 0.8), pair(2, false, 0.3), pair(3, true, 0.35), pair(3, false, 0.4)];

describe('bestThreshold', () => {
  it('picks the midpoint with the best accuracy, the lowest on ties', () => {
    // Sorted 0.1d 0.3d 0.35s 0.4d 0.8s 0.9s: 5/6 correct between 0.3 and 0.35, and again between 0.4 and 0.8.
    const best = bestThreshold(pairs);
    expect(best.threshold).toBeCloseTo(0.325, 12);
    expect(best.accuracy).toBeCloseTo(5 / 6, 12);
  });

  it('handles equal similarities as one step', () => {
    const best = bestThreshold([pair(1, true, 0.5), pair(1, false, 0.5), pair(1, true, 0.7)]);
    // Calling everything the same (2/3) beats splitting at 0.6 (2/3 too, but higher): lowest wins.
    expect(best.accuracy).toBeCloseTo(2 / 3, 12);
    expect(best.threshold).toBeLessThan(0.5);
  });

  it('refuses an empty set', () => {
    expect(() => bestThreshold([])).toThrow(/at least one pair/);
  });
});

describe('crossValidatedAccuracy', () => {
  it('scores each fold with the threshold chosen on the other folds', () => {
    const cv = crossValidatedAccuracy(pairs);
    // Fold 1: threshold 0.325 from folds 2+3, both right. Fold 2: 0.225 from folds 1+3, calls 0.3 the same: 1/2.
    // Fold 3: 0.55 from folds 1+2, calls 0.35 different: 1/2.
    expect(cv.folds.map((f) => f.fold)).toEqual([1, 2, 3]);
    expect(cv.folds[0]!.threshold).toBeCloseTo(0.325, 12);
    expect(cv.folds[1]!.threshold).toBeCloseTo(0.225, 12);
    expect(cv.folds[2]!.threshold).toBeCloseTo(0.55, 12);
    expect(cv.folds.map((f) => f.accuracy)).toEqual([1, 0.5, 0.5]);
    expect(cv.accuracy).toBeCloseTo(2 / 3, 12);
    expect(cv.std).toBeCloseTo(Math.sqrt(1 / 18), 12);
  });

  it('needs at least two folds', () => {
    expect(() => crossValidatedAccuracy([pair(1, true, 0.9)])).toThrow(/two folds/);
  });
});

describe('partitionAgreement', () => {
  it('is 1 for the same partition under other names, and scores one against the other otherwise', () => {
    const same = [{ a: 'p1', b: 'x' }, { a: 'p1', b: 'x' }, { a: 'p2', b: 'y' }, { a: null, b: null }];
    expect(partitionAgreement(same)).toEqual({ precision: 1, recall: 1, f1: 1 });
    // b splits a's p1 (3 pairs) into {1,2} and {3}: 1 of a's 3 pairs kept, nothing wrongly joined.
    const split = [{ a: 'p1', b: 'x' }, { a: 'p1', b: 'x' }, { a: 'p1', b: 'z' }, { a: null, b: null }];
    expect(partitionAgreement(split)).toEqual({ precision: 1, recall: 1 / 3, f1: 0.5 });
  });
});
