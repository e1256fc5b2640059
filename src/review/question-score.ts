import type { ClusteringThresholds } from '../clustering/thresholds.js';

/**
 * The terms the review queue ranks by. Similarities are only comparable within one recogniser, so every constant is
 * in units of the pack's own clustering thresholds (thresholds.ts), never a raw similarity:
 *
 * - yesProbability: how likely the truthful answer is "yes", a logistic curve in the evidence. It is 0.5 one
 *   matchMargin below matchSimilarity (YES_CENTRE_MARGINS_BELOW_MATCH), and one matchMargin of evidence multiplies the
 *   odds by e: matchMargin is the resolution clustering itself works at. A face's evidence has two parts, each its own
 *   factor: its score to the person against the centre, and its lead over the best rival person against zero (two
 *   people that fit equally well are a coin toss whatever the scores).
 * - changeChance: how likely the answer changes the library: p for a suggestion the library does not hold yet
 *   (an unassigned face, two separate people), 1 - p for an automatic assignment the question doubts.
 * - uncertainty: the answer's expected information, the binary entropy of p in bits (0..1): what the user's label
 *   teaches at the decision boundary, where clustering cannot tell.
 * - facesMoved: how many faces a "changing" answer moves: 1 for a face, the merged person's faces for a pair.
 *
 * score = facesMoved x changeChance + uncertainty: the faces the answer is expected to move, plus the bits it is
 * expected to teach, a bit valued as one face (a face question's answer settles at least its own face either way).
 * Either term alone misranks: changeChance alone puts a face clustering left out only by a hard rule (p 0.99,
 * nothing to learn) above a coin toss about a face it assigned; uncertainty alone puts "certainly yes" questions last
 * although each such yes moves a face, and ranks a sure merge of two halves of one person below a doubtful face.
 * The information term is not multiplied by the faces: a "no" to a big pair moves nothing, so an unlikely merge of
 * many faces (p 0.05 of 20: 1.3) stays below a sure merge of two (2.0).
 */

/**
 * Where yes and no are equally likely, in matchMargins below matchSimilarity (0.30 for the w600k packs). Measured with
 * the default pack on LFW people B* + singletons B* (293 photos) and glint-celebs (711; npm run bench:review): of
 * unassigned faces whose best person scored 0.20-0.25, 0 of 64 were that person, 0.25-0.30 1 of 13 (LFW) and 1 of 1
 * (glint), 0.30 and more 14 of 15; every automatic assignment, from 0.35 up, was right (503 and 695 faces).
 * matchSimilarity is where clustering joins faces by itself, deliberately above the even-odds point.
 */
export const YES_CENTRE_MARGINS_BELOW_MATCH = 1;

/**
 * Below this many matchMargins under matchSimilarity a suggestion is not asked (0.25 for w600k): p under 0.27, and in
 * the measurements above no face below it was the person (0 of 64).
 */
export const ASK_MARGINS_BELOW_MATCH = 2;

/**
 * An automatic assignment with p at or above this is settled: asking is worth it only when the answer would change
 * the assignment at least 1 time in 5 (the measurements found no wrong assignment at all above 0.35). With the
 * defaults a face with no rival is asked about below 0.37, and one with a rival when its lead is under ~0.07.
 */
export const SETTLED_PROBABILITY = 0.8;

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The probability that a face belongs to a person it scores `score` to, with the best other person at `rival`. */
export function faceYesProbability(score: number, rival: number | null, t: ClusteringThresholds): number {
  const absolute = logistic((score - yesCentre(t)) / t.matchMargin);
  const lead = rival === null ? 1 : logistic((score - rival) / t.matchMargin);
  return absolute * lead;
}

/** The probability that two people are one, from how close their closest faces are (pair-questions.ts). */
export function pairYesProbability(similarity: number, t: ClusteringThresholds): number {
  return logistic((similarity - yesCentre(t)) / t.matchMargin);
}

function yesCentre(t: ClusteringThresholds): number {
  return t.matchSimilarity - YES_CENTRE_MARGINS_BELOW_MATCH * t.matchMargin;
}

/** The lowest evidence worth a question. */
export function askFloor(t: ClusteringThresholds): number {
  return t.matchSimilarity - ASK_MARGINS_BELOW_MATCH * t.matchMargin;
}

/** Binary entropy in bits: 1 at p = 0.5, 0 at certainty. */
export function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

export interface ScoreTerms {
  yesProbability: number;
  changeChance: number;
  uncertainty: number;
  facesMoved: number;
  score: number;
}

/** `holds`: the library already holds the suggestion (an automatic assignment), so only "no" changes it. */
export function scoreQuestion(yesProbability: number, holds: boolean, facesMoved: number): ScoreTerms {
  const changeChance = holds ? 1 - yesProbability : yesProbability;
  const uncertainty = binaryEntropy(yesProbability);
  return { yesProbability, changeChance, uncertainty, facesMoved, score: facesMoved * changeChance + uncertainty };
}
