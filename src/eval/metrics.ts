/**
 * Accuracy measures for clustering and verification. Pure: plain arrays in, numbers out.
 *
 * Clustering input is one entry per item: the predicted cluster label (null = left unassigned, which
 * counts as a cluster of its own) and the true identity.
 */

export interface LabelledItem {
  predicted: string | null;
  identity: string;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Over all pairs of items: precision = share of pairs put together that are the same identity,
 * recall = share of same-identity pairs put together. With no pair put together precision is 1
 * (nothing was wrongly merged); with no same-identity pair recall is 1 (nothing could be missed).
 */
export function pairwiseScores(items: readonly LabelledItem[]): PrecisionRecall & { truePairs: number; predictedPairs: number; correctPairs: number } {
  const { clusterSizes, identitySizes, overlaps } = contingency(items);
  const predictedPairs = sumPairs(clusterSizes.values());
  const truePairs = sumPairs(identitySizes.values());
  const correctPairs = sumPairs(overlaps.values());
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  return { precision, recall, f1: harmonicMean(precision, recall), truePairs, predictedPairs, correctPairs };
}

/**
 * BCubed: per item, precision = share of its cluster that shares its identity, recall = share of its
 * identity that shares its cluster; both averaged over items. Unlike pairwise scores, big clusters do
 * not dominate. 1/1/1 for an empty input.
 */
export function bcubedScores(items: readonly LabelledItem[]): PrecisionRecall {
  if (items.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const { clusterSizes, identitySizes, overlaps } = contingency(items);
  let precision = 0;
  let recall = 0;
  for (const [key, n] of overlaps) {
    const [cluster, identity] = splitKey(key);
    // Each of the n items in this cell contributes n / |cluster| and n / |identity|.
    precision += (n * n) / clusterSizes.get(cluster)!;
    recall += (n * n) / identitySizes.get(identity)!;
  }
  precision /= items.length;
  recall /= items.length;
  return { precision, recall, f1: harmonicMean(precision, recall) };
}

/** Identities seen once (distractors): how many were put into a cluster with any other item. */
export function singletonMerges(items: readonly LabelledItem[]): { singletons: number; merged: number; rate: number } {
  const { clusterSizes, identitySizes, clusterOf } = contingency(items);
  let singletons = 0;
  let merged = 0;
  items.forEach((item, i) => {
    if (identitySizes.get(item.identity) !== 1) return;
    singletons++;
    if (clusterSizes.get(clusterOf[i]!)! > 1) merged++;
  });
  return { singletons, merged, rate: singletons === 0 ? 0 : merged / singletons };
}

/**
 * How far two clusterings of the same items agree: pairwise scores of `b` measured against `a` as if `a` were the truth
 * (precision: pairs b puts together that a does too; recall: pairs a puts together that b does too). Null labels are
 * clusters of their own in both. Swapping a and b swaps precision and recall; F1 stays.
 */
export function partitionAgreement(items: readonly { a: string | null; b: string | null }[]): PrecisionRecall {
  const { precision, recall, f1 } = pairwiseScores(items.map((item, i) => ({ identity: item.a ?? `unassigned:${i}`, predicted: item.b })));
  return { precision, recall, f1 };
}

export interface VerificationPair {
  fold: number;
  same: boolean;
  similarity: number;
}

export interface ThresholdAccuracy {
  /** Pairs with similarity above it are called the same person. */
  threshold: number;
  accuracy: number;
}

/**
 * The threshold with the best accuracy on these pairs. Candidates lie halfway between neighbouring
 * similarities (and beyond both ends), so no pair sits exactly on one; ties go to the lowest threshold.
 */
export function bestThreshold(pairs: readonly VerificationPair[]): ThresholdAccuracy {
  if (pairs.length === 0) throw new Error('bestThreshold needs at least one pair');
  const sorted = [...pairs].sort((a, b) => a.similarity - b.similarity);
  // Threshold below everything: every pair called same.
  let correct = sorted.filter((p) => p.same).length;
  let best: ThresholdAccuracy = { threshold: sorted[0]!.similarity - 1, accuracy: correct / sorted.length };
  for (let i = 0; i < sorted.length; ) {
    // Move the threshold past every pair with this similarity at once.
    const value = sorted[i]!.similarity;
    for (; i < sorted.length && sorted[i]!.similarity === value; i++) correct += sorted[i]!.same ? -1 : 1;
    const threshold = i < sorted.length ? (value + sorted[i]!.similarity) / 2 : value + 1;
    const accuracy = correct / sorted.length;
    if (accuracy > best.accuracy) best = { threshold, accuracy };
  }
  return best;
}

export interface CrossValidatedAccuracy {
  /** Mean of the per-fold accuracies, as LFW reports it. */
  accuracy: number;
  /** Standard deviation of the per-fold accuracies. */
  std: number;
  folds: { fold: number; threshold: number; accuracy: number }[];
}

/** LFW protocol: each fold is scored with the threshold that is best on all the other folds. */
export function crossValidatedAccuracy(pairs: readonly VerificationPair[]): CrossValidatedAccuracy {
  const foldIds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  if (foldIds.length < 2) throw new Error(`cross-validation needs at least two folds, got ${foldIds.length}`);
  const folds = foldIds.map((fold) => {
    const { threshold } = bestThreshold(pairs.filter((p) => p.fold !== fold));
    const test = pairs.filter((p) => p.fold === fold);
    const correct = test.filter((p) => p.similarity > threshold === p.same).length;
    return { fold, threshold, accuracy: correct / test.length };
  });
  const accuracy = folds.reduce((s, f) => s + f.accuracy, 0) / folds.length;
  const variance = folds.reduce((s, f) => s + (f.accuracy - accuracy) ** 2, 0) / folds.length;
  return { accuracy, std: Math.sqrt(variance), folds };
}

function contingency(items: readonly LabelledItem[]) {
  const clusterSizes = new Map<string, number>();
  const identitySizes = new Map<string, number>();
  const overlaps = new Map<string, number>();
  // An unassigned item is a cluster of its own; the prefix keeps these apart from real labels.
  const clusterOf = items.map((item, i) => (item.predicted === null ? `unassigned:${i}` : `cluster:${item.predicted}`));
  items.forEach((item, i) => {
    const cluster = clusterOf[i]!;
    increment(clusterSizes, cluster);
    increment(identitySizes, item.identity);
    increment(overlaps, JSON.stringify([cluster, item.identity]));
  });
  return { clusterSizes, identitySizes, overlaps, clusterOf };
}

function splitKey(key: string): [string, string] {
  return JSON.parse(key) as [string, string];
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sumPairs(counts: Iterable<number>): number {
  let pairs = 0;
  for (const n of counts) pairs += (n * (n - 1)) / 2;
  return pairs;
}

function harmonicMean(a: number, b: number): number {
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}
