import type { FacePersonQuestion } from './face-questions.js';
import type { SamePersonQuestion } from './pair-questions.js';
import type { ReviewState } from './review-state.js';

/** How far the review has come; the service adds how many answers were given. */
export interface QueueProgress {
  remaining: number;
  /**
   * Faces no question doubts: decided by the user (a person, nobody, not a face), or clustered with margin (an
   * automatic assignment at SETTLED_PROBABILITY or more, or an unassigned face no person comes near: a stranger by
   * the ask floor's margin, question-score.ts).
   */
  facesSettled: number;
  facesTotal: number;
  /** How many of the ranked questions, answered in order, would settle SETTLED_GOAL of the faces; null if they cannot. */
  questionsFor90: number | null;
}

export const SETTLED_GOAL = 0.9;

/**
 * The estimate counts faces, not probabilities: a face question settles its face whatever the answer (a decision
 * either way, and a "no" usually leads to the face's next question), a pair question settles the faces whose doubt
 * is between exactly these two people (its "yes" makes them one; they are asked about individually otherwise).
 */
export function queueProgress(state: ReviewState, ranked: readonly (FacePersonQuestion | SamePersonQuestion)[]): QueueProgress {
  const doubted = new Map<string, FacePersonQuestion>();
  for (const q of ranked) if (q.kind === 'face-person') doubted.set(q.faceId, q);
  const facesTotal = state.faces.size;
  const facesSettled = facesTotal - doubted.size;
  return { remaining: ranked.length, facesSettled, facesTotal, questionsFor90: questionsToSettle(ranked, doubted, Math.ceil(SETTLED_GOAL * facesTotal) - facesSettled) };
}

function questionsToSettle(
  ranked: readonly (FacePersonQuestion | SamePersonQuestion)[],
  doubted: ReadonlyMap<string, FacePersonQuestion>,
  needed: number,
): number | null {
  if (needed <= 0) return 0;
  const betweenPair = new Map<string, string[]>();
  for (const q of doubted.values()) {
    if (q.rivalId === null) continue;
    const key = [q.personId, q.rivalId].sort().join(' ');
    betweenPair.set(key, [...(betweenPair.get(key) ?? []), q.faceId]);
  }
  const settled = new Set<string>();
  for (const [i, q] of ranked.entries()) {
    const faces = q.kind === 'face-person' ? [q.faceId] : (betweenPair.get([q.personA, q.personB].sort().join(' ')) ?? []);
    for (const face of faces) settled.add(face);
    if (settled.size >= needed) return i + 1;
  }
  return null;
}
