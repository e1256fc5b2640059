import type { AssignmentState } from './assignment-state.js';
import { byScoreThenId, type PersonScore } from './attach-to-people.js';
import type { NeighbourGraph } from './neighbour-graph.js';
import type { ClusteringThresholds } from './thresholds.js';

export type GroupDecision =
  | { kind: 'person'; personId: string }
  | { kind: 'new' }
  /** As close to a known person as to each other, or between two known people: the user should look. */
  | { kind: 'ambiguous' };

/**
 * How far down its neighbour list each face of a group is looked at when the group is judged: far enough to see a
 * known person's faces behind the group's own (a group of 470 faces next to a person of 50 has ~9 of its own faces
 * before each of the person's). The batch neighbour lists are at least this long, so it costs no extra queries there.
 */
export const GROUP_NEIGHBOURS = 128;

export interface GroupContext {
  /** The group's faces' neighbours; their `deep` lists, ideally GROUP_NEIGHBOURS long (shorter ones make big groups look new). */
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
 *
 * Both sides are measured alike whatever their sizes, so that a known person's new photos join it
 * however many arrive at once (one run would have put them together): a face's closest faces of the
 * person are looked for among its neighbours outside the group (the group's own faces do not crowd
 * them out), and a group bigger than the person is compared as if it were the person's size (see cohesion).
 */
export function decideGroup(group: readonly string[], context: GroupContext): GroupDecision {
  const { thresholds, state } = context;
  const members = new Set(group);
  const [best, runnerUp] = groupScores(group, members, context);
  if (!best || best.score < thresholds.matchSimilarity) return { kind: 'new' };
  if (cohesion(group, members, state.size(best.personId), context) - best.score >= thresholds.newPersonMargin) return { kind: 'new' };
  if (runnerUp && best.score - runnerUp.score < thresholds.matchMargin) return { kind: 'ambiguous' };
  const formerPeople = new Set(group.flatMap((f) => context.formerPerson(f) ?? []));
  if (state.constraints.anyDifferent(new Set([best.personId]), formerPeople)) return { kind: 'ambiguous' };
  return { kind: 'person', personId: best.personId };
}

/**
 * Each person's exemplar score averaged over the group's faces (0 for a face that does not see the person). A face
 * sees the neighbourCount faces closest to it outside the group, as a face on its own sees its neighbourCount closest.
 */
function groupScores(group: readonly string[], members: ReadonlySet<string>, { graph, state, thresholds }: GroupContext): PersonScore[] {
  const totals = new Map<string, number>();
  for (const faceId of group) {
    const neighbours = graph.deep(faceId);
    const closest = new Map<string, number[]>();
    let outside = 0;
    for (const n of neighbours) {
      if (members.has(n.faceId)) continue;
      if (outside++ === thresholds.neighbourCount) break;
      const personId = state.personOf(n.faceId);
      if (personId === null) continue;
      const sims = closest.get(personId);
      if (!sims) closest.set(personId, [n.similarity]);
      else if (sims.length < thresholds.exemplarCount) sims.push(n.similarity);
    }
    for (const [personId, sims] of closest) {
      const exemplars = visibleExemplars(group.length, state.size(personId), thresholds);
      const score = sims.slice(0, exemplars).reduce((a, b) => a + b, 0) / exemplars;
      totals.set(personId, (totals.get(personId) ?? 0) + score);
    }
  }
  return [...totals].map(([personId, total]) => ({ personId, score: total / group.length })).sort(byScoreThenId);
}

/**
 * The same exemplar score, measured within the group: how close each face is to its closest fellow members, with
 * as many exemplars as the person gives (and the group has). Closest faces get closer the more faces there are to
 * choose from, so a group bigger than the person of `personSize` faces is thinned to the person's size: the j-th
 * closest of personSize faces is, on average, the j * groupSize / (personSize + 1)-th closest of the group's. A fellow
 * member beyond the neighbour list counts as the list's last similarity, an upper bound, so a list too short for the
 * group errs towards a new person.
 */
function cohesion(group: readonly string[], members: ReadonlySet<string>, personSize: number, { graph, thresholds }: GroupContext): number {
  const stride = Math.max(1, group.length / (personSize + 1));
  let total = 0;
  for (const faceId of group) {
    const neighbours = graph.deep(faceId);
    const exemplars = Math.min(group.length - 1, visibleExemplars(group.length, personSize, thresholds));
    const fellows = neighbours.filter((n) => members.has(n.faceId));
    const beyond = neighbours.at(-1)?.similarity ?? 0;
    let sum = 0;
    for (let j = 1; j <= exemplars; j++) {
      const rank = Math.min(group.length - 1, Math.max(j, Math.round(j * stride)));
      sum += fellows[rank - 1]?.similarity ?? beyond;
    }
    total += sum / exemplars;
  }
  return total / group.length;
}

/**
 * How many of a person's closest faces a group face is compared with: exemplarCount, or fewer when the person has
 * fewer faces, or when, were the group the same person, they would not be expected in the first half of the lists
 * asked for (the j-th closest of the person's faces lies, on average, at j * (groupSize + personSize) / (personSize + 1)
 * among the faces of both). A person of 5 faces next to a group of 470 is then judged by the one face the lists can
 * show, on both sides, instead of by faces they cannot.
 */
function visibleExemplars(groupSize: number, personSize: number, thresholds: ClusteringThresholds): number {
  const depth = Math.max(GROUP_NEIGHBOURS, thresholds.neighbourCount);
  const visible = Math.floor((depth / 2) * ((personSize + 1) / (groupSize + personSize)));
  return Math.max(1, Math.min(thresholds.exemplarCount, personSize, visible));
}
