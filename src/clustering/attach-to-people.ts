import type { AssignmentState } from './assignment-state.js';
import { compareIds } from './compare-ids.js';
import type { NeighbourGraph } from './neighbour-graph.js';
import type { ClusteringThresholds } from './thresholds.js';

export interface PersonScore {
  personId: string;
  score: number;
}

export type AttachDecision =
  | { kind: 'join'; personId: string; score: number }
  /** Close enough to someone, but too close to someone else too, or barred from the best match: leave it to the user. */
  | { kind: 'ambiguous' }
  | { kind: 'none' };

/**
 * How well a face fits each person among its neighbours: the mean similarity to the person's
 * `exemplarCount` closest faces. A person with fewer faces is averaged over what it has; exemplars
 * beyond the neighbour list count as 0, because a face that has many closer strangers than
 * faces of this person should not be claimed by it. Highest first, ties by id.
 */
export function scorePeople(faceId: string, graph: NeighbourGraph, state: AssignmentState, exemplarCount: number): PersonScore[] {
  const closest = new Map<string, number[]>();
  for (const n of graph.of(faceId)) {
    const personId = state.personOf(n.faceId);
    if (personId === null) continue;
    const sims = closest.get(personId);
    if (!sims) closest.set(personId, [n.similarity]);
    else if (sims.length < exemplarCount) sims.push(n.similarity);
  }
  const scores: PersonScore[] = [];
  for (const [personId, sims] of closest) {
    const exemplars = Math.min(exemplarCount, state.size(personId));
    scores.push({ personId, score: sims.reduce((a, b) => a + b, 0) / exemplars });
  }
  return scores.sort(byScoreThenId);
}

/** The low percentile of a person's own faces' scores taken as its spread, and the fewest such faces that give one. */
export const RADIUS_PERCENTILE = 0.1;
export const RADIUS_MIN_FACES = 5;

/**
 * Each person's acceptance radius (adaptiveRadiusSlack): how close its own faces are to it, measured as scorePeople
 * measures a newcomer (mean similarity to the person's exemplarCount closest other faces among the face's neighbours),
 * taken at a low percentile, minus the slack. Every placed face with a neighbour list counts: the faces this run may
 * move, and in an incremental run a sample of the faces of earlier runs' people (radius-faces.ts); a person with fewer
 * than max(minClusterSize, RADIUS_MIN_FACES) of them gets no radius (matchSimilarity only).
 */
export function personRadii(graph: NeighbourGraph, state: AssignmentState, thresholds: ClusteringThresholds): Map<string, number> {
  const radii = new Map<string, number>();
  const slack = thresholds.adaptiveRadiusSlack;
  if (slack === null) return radii;
  const own = new Map<string, number[]>();
  for (const faceId of state.faces.keys()) {
    const personId = state.personOf(faceId);
    const exemplars = personId === null ? 0 : Math.min(thresholds.exemplarCount, state.size(personId) - 1);
    if (personId === null || exemplars < 1 || graph.of(faceId).length === 0) continue;
    const sims = graph.of(faceId).filter((n) => state.personOf(n.faceId) === personId).slice(0, exemplars);
    const scores = own.get(personId) ?? [];
    scores.push(sims.reduce((a, n) => a + n.similarity, 0) / exemplars);
    own.set(personId, scores);
  }
  for (const [personId, scores] of own) {
    if (scores.length < radiusMinFaces(thresholds)) continue;
    scores.sort((a, b) => a - b);
    radii.set(personId, scores[Math.floor(RADIUS_PERCENTILE * (scores.length - 1))]! - slack);
  }
  return radii;
}

function radiusMinFaces(thresholds: ClusteringThresholds): number {
  return Math.max(thresholds.minClusterSize, RADIUS_MIN_FACES);
}

/** @param addsToKnownPeople an incremental run of a library that already has people (ClusteringSession): holdsBack applies. */
export function decideAttachment(
  faceId: string,
  graph: NeighbourGraph,
  state: AssignmentState,
  thresholds: ClusteringThresholds,
  radii: ReadonlyMap<string, number> = new Map(),
  addsToKnownPeople = false,
): AttachDecision {
  // A person the user excluded for this face is no rival either: the user has settled that question. So is a person
  // the user declared different from the one the face had before a re-cluster (a review's "not the same person").
  const former = state.face(faceId).personId;
  const scores = scorePeople(faceId, graph, state, thresholds.exemplarCount).filter(
    (s) =>
      !state.constraints.forbids(faceId, s.personId) &&
      (former === null || former === s.personId || !state.constraints.areDifferent(former, s.personId)),
  );
  const [best, runnerUp] = scores;
  // A tight person's radius can ask for more than matchSimilarity; the runner-up never gets a face the best refused.
  if (!best || best.score < Math.max(floorFor(best, rivalScore(faceId, runnerUp, graph, state), thresholds), radii.get(best.personId) ?? -Infinity)) {
    return { kind: 'none' };
  }
  if (addsToKnownPeople && holdsBack(faceId, best, graph, state, thresholds)) return { kind: 'none' };
  if (runnerUp && best.score - runnerUp.score < thresholds.matchMargin) return { kind: 'ambiguous' };
  // Someone who looks like a person already in the photo is a look-alike, not a match for anyone else.
  if (!state.canJoin(faceId, best.personId)) return { kind: 'ambiguous' };
  return { kind: 'join', personId: best.personId, score: best.score };
}

/**
 * Lets unassigned faces join known people. Every face is judged against the people as they stand
 * when the pass starts: a face that joins does not become an exemplar for the others, because such
 * chains carry a person's faces step by step into a look-alike's. When two faces of one photo want
 * the same person, the closer one gets it.
 */
export function attachToPeople(
  faceIds: readonly string[],
  graph: NeighbourGraph,
  state: AssignmentState,
  thresholds: ClusteringThresholds,
  addsToKnownPeople = false,
): number {
  const joins: { faceId: string; personId: string; score: number }[] = [];
  const radii = personRadii(graph, state, thresholds);
  for (const faceId of faceIds) {
    if (state.personOf(faceId) !== null) continue;
    const decision = decideAttachment(faceId, graph, state, thresholds, radii, addsToKnownPeople);
    if (decision.kind === 'join') joins.push({ faceId, ...decision });
  }
  joins.sort((a, b) => b.score - a.score || compareIds(a.faceId, b.faceId));
  let joined = 0;
  for (const j of joins) if (state.join(j.faceId, j.personId)) joined++;
  return joined;
}

/**
 * What the best person's lead is measured against: the runner-up person's score, or the face's closest face without a
 * person when that is higher. A face whose own person does not exist yet (a relative's first faces in an incremental
 * run) often has that person's other faces unplaced beside it: they are rivals a lead over the people alone misses.
 */
function rivalScore(faceId: string, runnerUp: PersonScore | undefined, graph: NeighbourGraph, state: AssignmentState): number {
  return Math.max(runnerUp?.score ?? 0, closestUnplaced(faceId, graph, state));
}

/** Similarity of the face's closest face without a person (0 when it sees none). */
function closestUnplaced(faceId: string, graph: NeighbourGraph, state: AssignmentState): number {
  return graph.of(faceId).find((n) => state.personOf(n.faceId) === null)?.similarity ?? 0;
}

/**
 * holdBackMargin: in an incremental run of a library with people, a face that is closer to a face without a person
 * (close enough to start a person with it, clusterSimilarity) than to its best person, by holdBackMargin, waits instead
 * of joining: it and its kin may be a relative whose own person does not exist yet, too few in this run to form a group,
 * and a later run with more of their faces can make them one (one run, which sees them all at once, does). Joining face
 * by face is what let a relative's first faces into the sibling who was there first.
 */
function holdsBack(faceId: string, best: PersonScore, graph: NeighbourGraph, state: AssignmentState, thresholds: ClusteringThresholds): boolean {
  if (thresholds.holdBackMargin === null) return false;
  const kin = closestUnplaced(faceId, graph, state);
  return kin >= thresholds.clusterSimilarity && kin - best.score >= thresholds.holdBackMargin;
}

/** matchSimilarity, or leadSimilarity when the best person leads every rival (rivalScore) by leadMargin. */
function floorFor(best: PersonScore, rival: number, thresholds: ClusteringThresholds): number {
  const { leadSimilarity, leadMargin, matchSimilarity } = thresholds;
  if (leadSimilarity === null || best.score - rival < leadMargin) return matchSimilarity;
  return Math.min(matchSimilarity, leadSimilarity);
}

export function byScoreThenId(a: PersonScore, b: PersonScore): number {
  return b.score - a.score || compareIds(a.personId, b.personId);
}
