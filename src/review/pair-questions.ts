import { compareIds } from '../clustering/compare-ids.js';
import { orderedPeople, samePersonQuestionId } from './question-ids.js';
import { askFloor, pairYesProbability, scoreQuestion, type ScoreTerms } from './question-score.js';
import type { ReviewState } from './review-state.js';

/** "Are these the same person?" */
export interface SamePersonQuestion extends ScoreTerms {
  id: string;
  kind: 'same-person';
  /** In id order, as in the question id. */
  personA: string;
  personB: string;
  /** A "yes" merges `from` into `into`: into the named one, else into the bigger one. */
  into: string;
  from: string;
  similarity: number;
  /** The faces of each side that look most like the other side, best first: what the user is shown. */
  aFaces: string[];
  bFaces: string[];
}

/** Faces of each side shown with a pair question. */
export const PAIR_EXAMPLE_FACES = 4;

/**
 * Share of the smaller person's faces whose resemblance to the other person counts. A pair's similarity is the mean
 * of its best face-to-person scores, this many of them: one look-alike photo among a hundred cannot make two big
 * people a question, while a person split in two (most faces of each side near the other) keeps a high score.
 * Half: a person split by age or glasses has about half its faces near the other half.
 */
export const PAIR_EVIDENCE_SHARE = 0.5;

interface PairEvidence {
  personA: string;
  personB: string;
  /** Each face's score to the other person, by face, for the faces of A and of B. */
  a: Map<string, number>;
  b: Map<string, number>;
}

/**
 * Pairs of people whose faces come close in the neighbour lists, though clustering kept them apart: not hidden, not
 * declared different by the user, never on one photo together, with a pair similarity at the ask floor or above.
 */
export function pairQuestions(state: ReviewState): SamePersonQuestion[] {
  const questions: SamePersonQuestion[] = [];
  for (const pair of collectEvidence(state).values()) {
    const { personA, personB } = pair;
    const [a, b] = [state.people.get(personA), state.people.get(personB)];
    if (!a || !b || a.hidden || b.hidden || state.constraints.areDifferent(personA, personB)) continue;
    const similarity = pairSimilarity(pair, Math.min(state.size(personA), state.size(personB)));
    if (similarity < askFloor(state.thresholds) || state.appearTogether(personA, personB)) continue;
    const { into, from } = mergeDirection({ ...a, size: state.size(personA) }, { ...b, size: state.size(personB) });
    questions.push({
      id: samePersonQuestionId(personA, personB),
      kind: 'same-person',
      personA,
      personB,
      into,
      from,
      similarity,
      aFaces: examples(pair.a),
      bFaces: examples(pair.b),
      ...scoreQuestion(pairYesProbability(similarity, state.thresholds), false, state.size(from)),
    });
  }
  return questions;
}

/** Into the named one of the two, else into the bigger one (the first on a tie): the fewest faces change person. */
export function mergeDirection(
  a: { id: string; name: string | null; size: number },
  b: { id: string; name: string | null; size: number },
): { into: string; from: string } {
  const aNamed = a.name !== null;
  const intoA = aNamed !== (b.name !== null) ? aNamed : a.size >= b.size;
  return intoA ? { into: a.id, from: b.id } : { into: b.id, from: a.id };
}

function collectEvidence(state: ReviewState): Map<string, PairEvidence> {
  const k = state.thresholds.exemplarCount;
  const pairs = new Map<string, PairEvidence>();
  for (const face of state.faces.values()) {
    if (face.personId === null) continue;
    const closest = new Map<string, number[]>();
    for (const n of state.input.neighbours.get(face.id) ?? []) {
      const other = state.faces.get(n.faceId)?.personId ?? null;
      if (other === null || other === face.personId) continue;
      const sims = closest.get(other) ?? [];
      if (sims.length < k) sims.push(n.similarity);
      closest.set(other, sims);
    }
    for (const [other, sims] of closest) {
      const [personA, personB] = orderedPeople(face.personId, other);
      const key = samePersonQuestionId(personA, personB);
      const pair = pairs.get(key) ?? { personA, personB, a: new Map(), b: new Map() };
      pairs.set(key, pair);
      const score = sims.reduce((s, x) => s + x, 0) / Math.min(k, state.size(other));
      (face.personId === personA ? pair.a : pair.b).set(face.id, score);
    }
  }
  return pairs;
}

/** Mean of the best PAIR_EVIDENCE_SHARE x (smaller size) face scores; faces with no neighbour across count as 0. */
function pairSimilarity(pair: PairEvidence, smallerSize: number): number {
  const wanted = Math.max(1, Math.ceil(PAIR_EVIDENCE_SHARE * smallerSize));
  const best = [...pair.a.values(), ...pair.b.values()].sort((x, y) => y - x).slice(0, wanted);
  return best.reduce((s, x) => s + x, 0) / wanted;
}

function examples(scores: ReadonlyMap<string, number>): string[] {
  return [...scores]
    .sort(([fa, a], [fb, b]) => b - a || compareIds(fa, fb))
    .slice(0, PAIR_EXAMPLE_FACES)
    .map(([faceId]) => faceId);
}
