import { compareIds } from '../clustering/compare-ids.js';
import type { ClusteringThresholds } from '../clustering/thresholds.js';

/** One stored face near the query face: whose it is (null: nobody's yet) and how similar (cosine). */
export interface KnownNeighbour {
  personId: string | null;
  similarity: number;
}

export interface PersonCandidate {
  personId: string;
  score: number;
}

/**
 * The person a new face would join automatically, by the attach rule of clustering (attach-to-people.ts,
 * scorePeople + decideAttachment): a person's score is the mean similarity to its exemplarCount closest faces among
 * the face's neighbours (exemplars beyond the list count as 0, averaged over at most the person's size); the best
 * must reach matchSimilarity and lead the runner-up by matchMargin, else nobody (ambiguous faces wait for the user
 * there too). Not applied: the per-person radius (adaptiveRadiusSlack), which needs the neighbour lists of every face
 * of the person, and the user's "not this person" rules, which concern stored faces only.
 */
export function bestPerson(
  neighbours: readonly KnownNeighbour[],
  personSize: (personId: string) => number,
  thresholds: Pick<ClusteringThresholds, 'exemplarCount' | 'matchSimilarity' | 'matchMargin'>,
): PersonCandidate | null {
  const closest = new Map<string, number[]>();
  for (const n of [...neighbours].sort((a, b) => b.similarity - a.similarity)) {
    if (n.personId === null) continue;
    const sims = closest.get(n.personId);
    if (!sims) closest.set(n.personId, [n.similarity]);
    else if (sims.length < thresholds.exemplarCount) sims.push(n.similarity);
  }
  const scores: PersonCandidate[] = [];
  for (const [personId, sims] of closest) {
    const exemplars = Math.max(1, Math.min(thresholds.exemplarCount, personSize(personId)));
    scores.push({ personId, score: sims.reduce((a, b) => a + b, 0) / exemplars });
  }
  scores.sort((a, b) => b.score - a.score || compareIds(a.personId, b.personId));
  const [best, runnerUp] = scores;
  if (!best || best.score < thresholds.matchSimilarity) return null;
  if (runnerUp && best.score - runnerUp.score < thresholds.matchMargin) return null;
  return best;
}

/**
 * One person per photo, as clustering never puts two faces of a photo into one person: when several faces of the
 * image want the same person, the closest gets it and the others get nobody.
 */
export function onePersonPerPhoto(candidates: readonly (PersonCandidate | null)[]): (PersonCandidate | null)[] {
  const winner = new Map<string, number>();
  candidates.forEach((c, i) => {
    if (c === null) return;
    const held = winner.get(c.personId);
    if (held === undefined || candidates[held]!.score < c.score) winner.set(c.personId, i);
  });
  return candidates.map((c, i) => (c !== null && winner.get(c.personId) === i ? c : null));
}
