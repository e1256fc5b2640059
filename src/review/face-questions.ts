import { facePersonQuestionId } from './question-ids.js';
import { askFloor, faceYesProbability, scoreQuestion, SETTLED_PROBABILITY, type ScoreTerms } from './question-score.js';
import type { ReviewFace } from './review-input.js';
import type { PersonScore, ReviewState } from './review-state.js';

/** "Is this <person>?" */
export interface FacePersonQuestion extends ScoreTerms {
  id: string;
  kind: 'face-person';
  faceId: string;
  personId: string;
  /** The face's score to the person (mean similarity to the person's closest faces). */
  similarity: number;
  /** The best other person the face could be, if any: a "yes" on a rival pair settles such faces too. */
  rivalId: string | null;
  /** The face is the person's now (an automatic assignment the question doubts). */
  holds: boolean;
}

/**
 * One question per face the user has not decided: for an automatic assignment, whether it is right, when it is not
 * settled (yesProbability under SETTLED_PROBABILITY: close to the acceptance threshold, or to a rival person); for an
 * unassigned face, whether it is the person it fits best among those it may still be (not excluded by the user, not
 * already on its photo, not hidden), when that fit reaches the ask floor.
 */
export function faceQuestions(state: ReviewState): FacePersonQuestion[] {
  const questions: FacePersonQuestion[] = [];
  for (const face of state.faces.values()) {
    if (state.isDecided(face)) continue;
    const question = face.personId === null ? unassignedQuestion(state, face) : assignedQuestion(state, face);
    if (question) questions.push(question);
  }
  return questions;
}

function assignedQuestion(state: ReviewState, face: ReviewFace): FacePersonQuestion | null {
  const personId = face.personId!;
  // A hidden person is one the user chose not to look after; a lone face has nothing to be compared with.
  if (state.people.get(personId)?.hidden !== false || state.size(personId) < 2) return null;
  const scores = state.scoresOf(face);
  // None of its own person's faces among its nearest: the strongest doubt there is, scored as no similarity at all.
  const own = scores.find((s) => s.personId === personId)?.score ?? 0;
  const rival = scores.find((s) => s.personId !== personId && !state.constraints.forbids(face.id, s.personId)) ?? null;
  const p = faceYesProbability(own, rival?.score ?? null, state.thresholds);
  if (p >= SETTLED_PROBABILITY) return null;
  return question(face, personId, own, rival, p, true);
}

function unassignedQuestion(state: ReviewState, face: ReviewFace): FacePersonQuestion | null {
  const possible = state
    .scoresOf(face)
    .filter((s) => state.people.has(s.personId) && !state.constraints.forbids(face.id, s.personId) && !state.sharesPhoto(face, s.personId));
  const best = possible.find((s) => !state.people.get(s.personId)!.hidden);
  if (!best || best.score < askFloor(state.thresholds)) return null;
  const rival = possible.find((s) => s.personId !== best.personId) ?? null;
  return question(face, best.personId, best.score, rival, faceYesProbability(best.score, rival?.score ?? null, state.thresholds), false);
}

function question(face: ReviewFace, personId: string, similarity: number, rival: PersonScore | null, p: number, holds: boolean): FacePersonQuestion {
  return {
    id: facePersonQuestionId(face.id, personId),
    kind: 'face-person',
    faceId: face.id,
    personId,
    similarity,
    rivalId: rival?.personId ?? null,
    holds,
    ...scoreQuestion(p, holds, 1),
  };
}
