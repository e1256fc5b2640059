import type { AssignmentState } from './assignment-state.js';
import { attachToPeople } from './attach-to-people.js';
import { ClusteringSession } from './clustering-session.js';
import { decideGroup, GROUP_NEIGHBOURS } from './decide-group.js';
import { findDensityClusters } from './density-clusters.js';
import { inheritPersonIds } from './inherit-person-ids.js';
import { mergePeople } from './merge-people.js';
import { NeighbourGraph } from './neighbour-graph.js';
import { radiusFaces } from './radius-faces.js';
import { assertValidThresholds } from './thresholds.js';
import type { ClusteringInput, ClusteringPlan } from './types.js';

/**
 * facetag's clustering. The faces that may move are grouped by density first; a re-found group
 * keeps its old person's id, a group that matches a known person joins it, any other becomes a new
 * person. Then every face still without a person may join the person whose closest faces it
 * resembles clearly more than anyone else's. Pure apart from the neighbour queries: the same input
 * always gives the same plan.
 */
export async function planClustering(input: ClusteringInput): Promise<ClusteringPlan> {
  const thresholds = input.thresholds;
  assertValidThresholds(thresholds);
  const session = new ClusteringSession(input);
  const { state, faces, candidates } = session;
  const seeds = candidates.filter((f) => faces.get(f)!.quality >= thresholds.seedQuality);
  // Faces that may form a group get longer lists in the same query, for judging the group against known people and
  // for the people-merge pass (which also looks past a person's own faces).
  const deeper = state.hasPeople() || thresholds.mergeSupport !== null ? { faceIds: new Set(seeds), k: GROUP_NEIGHBOURS } : undefined;
  const graph = await NeighbourGraph.load(input.neighbours, new Set(faces.keys()), candidates, thresholds.neighbourCount, deeper);
  // People of earlier runs get their acceptance radius from their own faces, as in one run.
  await graph.add(input.neighbours, radiusFaces(candidates, graph, state, thresholds), thresholds.neighbourCount);

  const groups = findDensityClusters({
    seeds,
    graph,
    faces,
    formerPerson: session.formerPerson,
    constraints: session.constraints,
    thresholds,
  });

  const inherited = inheritPersonIds(groups, session.formerPeople, thresholds.keepIdOverlap);
  for (const [index, personId] of inherited) joinAll(groups[index]!, personId, state);
  // The other groups are all judged against the people as they stand now, so group order does not matter.
  const context = { graph, state, formerPerson: session.formerPerson, thresholds };
  const judged = groups.filter((_, index) => !inherited.has(index)).map((group) => ({ group, decision: decideGroup(group, context) }));
  for (const { group, decision } of judged) {
    if (decision.kind === 'new') session.createPersonWith(group);
    else if (decision.kind === 'person') joinAll(group, decision.personId, state);
  }

  // A person split by the density pass (years apart, make-up, glasses) is put back together.
  mergePeople({ graph, state, movable: new Set(candidates), named: session.named, formerPerson: session.formerPerson, thresholds });

  // Poor faces, stragglers and faces of groups that clash with a person get one more chance, alone.
  for (let round = 0; round < thresholds.attachRounds; round++) {
    if (attachToPeople(candidates, graph, state, thresholds, session.addsToKnownPeople) === 0) break;
  }
  return session.toPlan();
}

/** Faces that clash with what the person already holds (a photo, a user's "not this person") stay in the pool. */
function joinAll(group: readonly string[], personId: string, state: AssignmentState): void {
  for (const f of group) state.join(f, personId);
}
