import type { AssignmentState } from './assignment-state.js';
import { personRadii } from './attach-to-people.js';
import { compareIds } from './compare-ids.js';
import type { NeighbourGraph } from './neighbour-graph.js';
import type { ClusteringThresholds } from './thresholds.js';

export interface MergeContext {
  /** Neighbour lists; a face's `deep` list is where it looks for the other person's faces. */
  graph: NeighbourGraph;
  state: AssignmentState;
  /** Faces this run may move (the candidates): a person merges into another only if every one of its faces may move. */
  movable: ReadonlySet<string>;
  /** People the user named: their faces may be joined by others, two named people never merge, a named person never moves. */
  named: ReadonlySet<string>;
  /** The person a face had before a re-cluster, for the user's "different people" decisions. */
  formerPerson: (faceId: string) => string | null;
  thresholds: ClusteringThresholds;
}

/** How one person's faces see another's: measured from `from`'s faces that have neighbour lists. */
export interface PeopleLink {
  from: string;
  to: string;
  /** Faces of `from` with a neighbour list (the measured side). */
  measured: number;
  /** Mean over those faces of their exemplar score to `to` (mean similarity to its closest faces; 0 when none is in the list). */
  cross: number;
  /** Share of those faces whose exemplar score to `to` reaches matchSimilarity: each would join `to` on its own. */
  support: number;
}

export interface Merge {
  from: string;
  into: string;
  /** The weaker side's mean exemplar score, the link strength merges are made in (strongest first). */
  score: number;
}

/**
 * The people-merge pass (issue 15): the density pass splits a person whose looks change a lot (decades apart, make-up,
 * glasses) into two dense groups that no single link joins. Two people merge when they are, on average, what the
 * attach pass accepts face by face, seen from both sides:
 *  - support: at least mergeSupport of each side's faces would join the other on their own (exemplar score of at least
 *    matchSimilarity): many mutual near neighbours, not one look-alike pair of photos (not single link);
 *  - average linkage: each side's mean exemplar score to the other reaches the other's acceptance radius (matchSimilarity,
 *    or the person's own spread minus adaptiveRadiusSlack, personRadii): a tight person does not take in a look-alike
 *    whose faces sit further from it than its own faces do.
 * Never when a photo holds faces of both, never against a user decision (different people, not this person), never
 * two named people, never moving a face the run may not move (user-confirmed faces; in an incremental run every face
 * of earlier runs). A side without neighbour lists (a person of earlier runs in an incremental run) is judged from the
 * other side only. Merges are made strongest first, in rounds, measured again after each round (average linkage over
 * the merged people), until none qualifies. Returns the merges made, in order. Off when mergeSupport is null.
 */
export function mergePeople(context: MergeContext): Merge[] {
  const { state, thresholds } = context;
  const made: Merge[] = [];
  if (thresholds.mergeSupport === null) return made;
  for (;;) {
    const radii = personRadii(context.graph, state, thresholds);
    const links = measureLinks(context);
    const proposals: Merge[] = [];
    for (const ab of links.values()) {
      const [a, b] = [ab.from, ab.to];
      if (compareIds(a, b) > 0 && links.has(pairKey(b, a))) continue; // each pair once
      const ba = links.get(pairKey(b, a)) ?? null;
      if (!qualifies(ab, radii, context) || (ba !== null && !qualifies(ba, radii, context))) continue;
      if (ba === null && measuredFaces(b, context) > 0) continue; // b has lists but sees nothing of a
      const direction = mergeDirection(a, b, context);
      if (direction === null) continue;
      proposals.push({ ...direction, score: Math.min(ab.cross, ba?.cross ?? Infinity) });
    }
    proposals.sort((x, y) => y.score - x.score || compareIds(x.from, y.from) || compareIds(x.into, y.into));
    const touched = new Set<string>();
    let merged = 0;
    for (const m of proposals) {
      if (touched.has(m.from) || touched.has(m.into)) continue;
      if (!state.merge(m.from, m.into)) continue;
      touched.add(m.from).add(m.into);
      made.push(m);
      merged++;
    }
    if (merged === 0) return made;
  }
}

function qualifies(link: PeopleLink, radii: ReadonlyMap<string, number>, { state, thresholds }: MergeContext): boolean {
  if (link.measured < thresholds.minClusterSize || state.size(link.to) < thresholds.minClusterSize) return false;
  if (link.support < thresholds.mergeSupport!) return false;
  return link.cross >= Math.max(thresholds.matchSimilarity, radii.get(link.to) ?? -Infinity);
}

/**
 * Every person's view of every other person it sees in its faces' neighbour lists. Keyed `from\u0000to`.
 * A face looks at its deep list (the other person's faces lie behind its own person's), skipping its own person's faces.
 */
export function measureLinks({ graph, state, thresholds }: Pick<MergeContext, 'graph' | 'state' | 'thresholds'>): Map<string, PeopleLink> {
  const links = new Map<string, PeopleLink>();
  const measured = new Map<string, number>();
  for (const faceId of state.faces.keys()) {
    const own = state.personOf(faceId);
    const neighbours = graph.deep(faceId);
    if (own === null || neighbours.length === 0) continue;
    measured.set(own, (measured.get(own) ?? 0) + 1);
    const closest = new Map<string, number[]>();
    for (const n of neighbours) {
      const personId = state.personOf(n.faceId);
      if (personId === null || personId === own) continue;
      const sims = closest.get(personId);
      if (!sims) closest.set(personId, [n.similarity]);
      else if (sims.length < thresholds.exemplarCount) sims.push(n.similarity);
    }
    for (const [personId, sims] of closest) {
      const score = sims.reduce((a, b) => a + b, 0) / Math.min(thresholds.exemplarCount, state.size(personId));
      const key = pairKey(own, personId);
      const link = links.get(key) ?? { from: own, to: personId, measured: 0, cross: 0, support: 0 };
      link.cross += score;
      if (score >= thresholds.matchSimilarity) link.support += 1;
      links.set(key, link);
    }
  }
  for (const link of links.values()) {
    link.measured = measured.get(link.from)!;
    link.cross /= link.measured;
    link.support /= link.measured;
  }
  return links;
}

function measuredFaces(personId: string, { graph, state }: MergeContext): number {
  return state.facesOf(personId).filter((f) => graph.deep(f).length > 0).length;
}

/** Which of two people moves into the other: one whose faces may all move, and not named; the smaller, else the later id. */
function mergeDirection(a: string, b: string, context: MergeContext): { from: string; into: string } | null {
  const { state, named } = context;
  if (named.has(a) && named.has(b)) return null;
  const mayMove = (p: string) => !named.has(p) && state.facesOf(p).every((f) => context.movable.has(f)) && !differentFormer(p, p === a ? b : a, context);
  const [moveA, moveB] = [mayMove(a), mayMove(b)];
  if (!moveA && !moveB) return null;
  if (moveA && moveB) {
    const [sa, sb] = [state.size(a), state.size(b)];
    const aMoves = sa < sb || (sa === sb && compareIds(a, b) > 0);
    return aMoves ? { from: a, into: b } : { from: b, into: a };
  }
  return moveA ? { from: a, into: b } : { from: b, into: a };
}

/** A face of `from` whose person before this re-cluster the user declared different from `into`. */
function differentFormer(from: string, into: string, { state, formerPerson }: MergeContext): boolean {
  const former = new Set(state.facesOf(from).flatMap((f) => formerPerson(f) ?? []));
  return state.constraints.anyDifferent(new Set([into]), former);
}

function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}
