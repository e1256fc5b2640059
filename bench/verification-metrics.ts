/** Verification accuracy from pair similarities, the LFW way: best threshold, and 10-fold cross-validated. */
export interface ScoredPair {
  fold: number;
  same: boolean;
  similarity: number;
}

export interface ThresholdAccuracy {
  threshold: number;
  accuracy: number;
}

/** The threshold (midpoint between neighbouring scores) that classifies the most pairs right. */
export function bestThreshold(pairs: readonly ScoredPair[]): ThresholdAccuracy {
  const sorted = [...pairs].sort((a, b) => a.similarity - b.similarity);
  // Threshold below everything: every pair called "same".
  let correct = sorted.filter((p) => p.same).length;
  let best: ThresholdAccuracy = { threshold: sorted.length ? sorted[0]!.similarity - 1e-6 : 0, accuracy: correct / Math.max(1, sorted.length) };
  for (let i = 0; i < sorted.length; i++) {
    // Moving the threshold above pair i calls it "different".
    correct += sorted[i]!.same ? -1 : 1;
    const next = sorted[i + 1]?.similarity ?? sorted[i]!.similarity + 1e-6;
    const accuracy = correct / sorted.length;
    if (accuracy > best.accuracy) best = { threshold: (sorted[i]!.similarity + next) / 2, accuracy };
  }
  return best;
}

export function accuracyAt(pairs: readonly ScoredPair[], threshold: number): number {
  const correct = pairs.filter((p) => (p.similarity > threshold) === p.same).length;
  return correct / Math.max(1, pairs.length);
}

/** Each fold is scored with the threshold that is best on the other folds. */
export function crossValidated(pairs: readonly ScoredPair[]): { accuracy: number; std: number; meanThreshold: number } {
  const folds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  const accuracies: number[] = [];
  const thresholds: number[] = [];
  for (const fold of folds) {
    const { threshold } = bestThreshold(pairs.filter((p) => p.fold !== fold));
    thresholds.push(threshold);
    accuracies.push(accuracyAt(pairs.filter((p) => p.fold === fold), threshold));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const m = mean(accuracies);
  return { accuracy: m, std: Math.sqrt(mean(accuracies.map((a) => (a - m) ** 2))), meanThreshold: mean(thresholds) };
}

/** The lowest threshold that lets through at most `rate` of different-person pairs, and the share of same-person pairs above it. */
export function atFalseAcceptRate(pairs: readonly ScoredPair[], rate: number): { threshold: number; trueAcceptRate: number } {
  const different = pairs.filter((p) => !p.same).map((p) => p.similarity).sort((a, b) => b - a);
  const allowed = Math.floor(rate * different.length);
  const threshold = different[allowed] ?? -1;
  const same = pairs.filter((p) => p.same);
  return { threshold, trueAcceptRate: same.filter((p) => p.similarity > threshold).length / Math.max(1, same.length) };
}
