import { radiusFaces } from '../../src/clustering/radius-faces.js';
import { ClusteringSession } from '../../src/clustering/clustering-session.js';
import { GROUP_NEIGHBOURS } from '../../src/clustering/decide-group.js';
import { exemplarDensityMethod } from '../../src/clustering/methods/exemplar-density.js';
import type { ClusteringMethod } from '../../src/clustering/methods/method.js';
import { NeighbourGraph } from '../../src/clustering/neighbour-graph.js';
import type { ClusteringInput } from '../../src/clustering/types.js';

/**
 * What facetag's planner reads from its input before it decides anything, loaded as planClustering loads it: the
 * faces it may move, each listed face's neighbour list with every neighbour's person and that person's size, whether
 * each listed person may take the face (photo and user rules), the faces in its photo, and the radius sample with its
 * lists. Two inputs with
 * the same view give the planner the same facts to decide on.
 */
export async function plannerView(input: ClusteringInput) {
  const t = input.thresholds;
  const session = new ClusteringSession(input);
  const { state, candidates } = session;
  const seeds = candidates.filter((f) => session.faces.get(f)!.quality >= t.seedQuality);
  const deeper = state.hasPeople() || t.mergeSupport !== null ? { faceIds: new Set(seeds), k: GROUP_NEIGHBOURS } : undefined;
  const graph = await NeighbourGraph.load(input.neighbours, new Set(session.faces.keys()), candidates, t.neighbourCount, deeper);
  const sample = radiusFaces(candidates, graph, state, t);
  await graph.add(input.neighbours, sample, t.neighbourCount);
  const listOf = (faceId: string) =>
    graph.deep(faceId).map((n) => {
      const personId = state.personOf(n.faceId);
      const joins = personId !== null && candidates.includes(faceId) ? state.canJoin(faceId, personId) : null;
      return [n.faceId, n.similarity, personId, personId === null ? 0 : state.size(personId), joins];
    });
  // The faces in each candidate's photo, whose people cannot take it (the photo rule, also for people past its list).
  const inPhoto = (faceId: string) => {
    const photo = session.faces.get(faceId)!.photoId;
    return [...session.faces.values()].filter((f) => f.photoId === photo).map((f) => [f.id, state.personOf(f.id)]).sort();
  };
  // holdsBack applies to a face whose list shows a person (attach-to-people.ts): where none does, nothing reads it.
  const seesPeople = candidates.some((f) => graph.of(f).some((n) => state.personOf(n.faceId) !== null));
  return {
    candidates,
    photos: candidates.map(inPhoto),
    holdsBack: seesPeople && session.addsToKnownPeople,
    lists: Object.fromEntries([...candidates, ...sample].map((f) => [f, listOf(f)])),
    sample,
  };
}

/** facetag's method, recording the planner view of every input it plans. */
export function recordingMethod(views: unknown[]): ClusteringMethod {
  return {
    ...exemplarDensityMethod,
    async plan(input) {
      views.push(await plannerView(input));
      return exemplarDensityMethod.plan(input);
    },
  };
}
