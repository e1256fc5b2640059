import { compareIds } from '../clustering/compare-ids.js';
import { faceQuestions, type FacePersonQuestion } from './face-questions.js';
import { pairQuestions, type SamePersonQuestion } from './pair-questions.js';
import type { ReviewInput } from './review-input.js';
import { queueProgress, type QueueProgress } from './review-progress.js';
import { ReviewState } from './review-state.js';

export type ReviewQuestion = FacePersonQuestion | SamePersonQuestion;

export interface ReviewQueue {
  /** Best first; skipped questions last, in the order they were skipped. */
  questions: ReviewQuestion[];
  progress: QueueProgress;
}

/**
 * Every question worth asking about the library as it stands, ranked by score (question-score.ts). Answered
 * questions are never in it: their answers are constraints and user assignments, which the candidates exclude, so
 * this holds across restarts and for answers given anywhere (the person page, the CLI).
 */
export function buildReviewQueue(input: ReviewInput): ReviewQueue {
  const state = new ReviewState(input);
  const faces = faceQuestions(state);
  const pairs = pairQuestions(state);
  const skippedAt = new Map(input.skipped.map((id, i) => [id, i]));
  const ranked = [...faces, ...pairs].sort(
    (a, b) =>
      (skippedAt.get(a.id) ?? -1) - (skippedAt.get(b.id) ?? -1) || b.score - a.score || compareIds(a.id, b.id),
  );
  return { questions: ranked, progress: queueProgress(state, ranked) };
}
