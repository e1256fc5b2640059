import type { AssignmentState } from './assignment-state.js';
import { compareIds } from './compare-ids.js';
import { joiningSimilarity } from './judged-faces.js';
import type { NeighbourGraph } from './neighbour-graph.js';
import type { ClusteringThresholds } from './thresholds.js';

/**
 * Faces of a person of earlier runs whose neighbour lists give it an acceptance radius (personRadii) in an
 * incremental run: enough for a low percentile, few enough that a big person costs a bounded number of queries.
 */
export const RADIUS_SAMPLE_FACES = 32;

/**
 * The faces to ask neighbours for so that people of earlier runs get the radius one run would give them (issue 15):
 * an incremental run queries only the faces that may move, so a person whose faces all came in earlier runs had no
 * radius and took newcomers at matchSimilarity alone. Only people a movable face sees in its neighbour list, within the
 * joining similarity, can take a face, so only they are sampled: up to RADIUS_SAMPLE_FACES of their faces without a list, spread evenly over the
 * person's faces in id order (deterministic; not only the oldest). Empty when the radius is off.
 */
export function radiusFaces(
  movable: readonly string[],
  graph: NeighbourGraph,
  state: AssignmentState,
  thresholds: ClusteringThresholds,
): string[] {
  if (thresholds.adaptiveRadiusSlack === null) return [];
  const picked: string[] = [];
  for (const personId of reachedPeople(movable, graph, (faceId) => state.personOf(faceId), thresholds)) {
    const unlisted = state.facesOf(personId).filter((f) => graph.of(f).length === 0).sort(compareIds);
    picked.push(...spreadSample(unlisted, RADIUS_SAMPLE_FACES));
  }
  return picked;
}

/**
 * The people whose radius radiusFaces samples, sorted by id: those a movable face sees in its neighbour list within
 * the joining similarity.
 */
export function reachedPeople(
  movable: readonly string[],
  graph: NeighbourGraph,
  personOf: (faceId: string) => string | null,
  thresholds: ClusteringThresholds,
): string[] {
  // A person's score for a face is a mean over its faces among the face's neighbours, so a person none of whose faces
  // comes within the joining similarity can never pass a floor, and its radius would decide nothing. In a large
  // library a face's list reaches hundreds of people at low similarity: sampling all of them cost a pass over the library.
  const reach = joiningSimilarity(thresholds);
  const seen = new Set<string>();
  for (const faceId of movable) {
    for (const n of graph.of(faceId)) {
      if (n.similarity < reach) break;
      const personId = personOf(n.faceId);
      if (personId !== null) seen.add(personId);
    }
  }
  return [...seen].sort(compareIds);
}

/** At most `count` items, evenly spaced over the list. */
function spreadSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
