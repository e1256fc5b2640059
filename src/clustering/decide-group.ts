import type { AssignmentState } from './assignment-state.js';
import { byScoreThenId, scorePeople, type PersonScore } from './attach-to-people.js';
import type { NeighbourGraph } from './neighbour-graph.js';
import type { ClusteringThresholds } from './thresholds.js';

export type GroupDecision =
  | { kind: 'person'; personId: string }
  | { kind: 'new' }
  /** As close to a known person as to each other, or between two known people: the user should look. */
  | { kind: 'ambiguous' };

export interface GroupContext {
  graph: NeighbourGraph;
  state: AssignmentState;
  formerPerson: (faceId: string) => string | null;
  thresholds: ClusteringThresholds;
}

/**
 * Whether a group the density pass found is a known person or someone new. Judging the group as a
 * whole, rather than face by face, is what keeps a look-alike (a sibling, a child grown up) from
 * being absorbed one face at a time into the person who was there first: the group is a known
 * person only when its faces are, on average, as close to that person's faces as to each other.
 */
export function decideGroup(group: readonly string[], context: GroupContext): GroupDecision {
  const { thresholds, state } = context;
  const [best, runnerUp] = groupScores(group, context);
  if (!best || best.score < thresholds.matchSimilarity) return { kind: 'new' };
  if (cohesion(group, context) - best.score >= thresholds.newPersonMargin) return { kind: 'new' };
  if (runnerUp && best.score - runnerUp.score < thresholds.matchMargin) return { kind: 'ambiguous' };
  const formerPeople = new Set(group.flatMap((f) => context.formerPerson(f) ?? []));
  if (state.constraints.anyDifferent(new Set([best.personId]), formerPeople)) return { kind: 'ambiguous' };
  return { kind: 'person', personId: best.personId };
}

/** Each person's exemplar score averaged over the group's faces (0 for a face that does not see the person). */
function groupScores(group: readonly string[], { graph, state, thresholds }: GroupContext): PersonScore[] {
  const totals = new Map<string, number>();
  for (const faceId of group) {
    for (const { personId, score } of scorePeople(faceId, graph, state, thresholds.exemplarCount)) {
      totals.set(personId, (totals.get(personId) ?? 0) + score);
    }
  }
  return [...totals].map(([personId, total]) => ({ personId, score: total / group.length })).sort(byScoreThenId);
}

/**
 * The same exemplar score, measured within the group: how close each face is to its closest
 * fellow members. Exemplars are capped at the smallest of the group and exemplarCount, as for people.
 */
function cohesion(group: readonly string[], { graph, thresholds }: GroupContext): number {
  const members = new Set(group);
  const exemplars = Math.min(thresholds.exemplarCount, group.length - 1);
  let total = 0;
  for (const faceId of group) {
    let taken = 0;
    let sum = 0;
    for (const n of graph.of(faceId)) {
      if (taken === exemplars) break;
      if (!members.has(n.faceId)) continue;
      sum += n.similarity;
      taken++;
    }
    total += sum / exemplars;
  }
  return total / group.length;
}
