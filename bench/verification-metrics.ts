import type { VerificationPair } from '../src/eval/metrics.js';

/** Verification measures beyond src/eval/metrics.ts (which has best-threshold and 10-fold accuracy). */
export type ScoredPair = VerificationPair;

/** The lowest threshold that lets through at most `rate` of different-person pairs, and the share of same-person pairs above it. */
export function atFalseAcceptRate(pairs: readonly ScoredPair[], rate: number): { threshold: number; trueAcceptRate: number } {
  const different = pairs.filter((p) => !p.same).map((p) => p.similarity).sort((a, b) => b - a);
  const allowed = Math.floor(rate * different.length);
  const threshold = different[allowed] ?? -1;
  const same = pairs.filter((p) => p.same);
  return { threshold, trueAcceptRate: same.filter((p) => p.similarity > threshold).length / Math.max(1, same.length) };
}
