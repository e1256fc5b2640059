import { ClusteringSession } from '../clustering-session.js';
import { inheritPersonIds } from '../inherit-person-ids.js';
import { NeighbourGraph } from '../neighbour-graph.js';
import type { ClusteringInput, ClusteringPlan } from '../types.js';
import type { ClusteringMethod } from './method.js';

export interface ImmichBaselineSettings {
  /** Max cosine distance of a match (Immich's machineLearning.facialRecognition.maxDistance). */
  maxDistance: number;
  /** Matches, the face itself included, that make a face a core that may start a person (Immich's minFaces). */
  minFaces: number;
  /** How far down the kNN list to look for the nearest face that has a person (Immich asks the index with hasPerson). */
  personSearchCount: number;
}

/** Immich's server defaults. */
export const IMMICH_DEFAULTS: Readonly<ImmichBaselineSettings> = Object.freeze({
  maxDistance: 0.5,
  minFaces: 3,
  personSearchCount: 64,
});

/**
 * Immich's facial recognition job, for comparison: faces are visited one by one (here in id order);
 * a face with fewer than minFaces matches within maxDistance is deferred to the end; a face takes the
 * person of its first match that has one, else of the nearest face with a person, else a core face
 * starts a new person. Ignores the pack's thresholds, face quality and same-photo conflicts on
 * purpose, since measuring their absence is the point; it still never moves user decisions and never
 * gives a face a person the user excluded, so running it cannot corrupt a library.
 */
export function immichBaseline(settings: ImmichBaselineSettings = IMMICH_DEFAULTS): ClusteringMethod {
  return {
    name: 'immich-baseline',
    summary: `Immich-style incremental DBSCAN: ${settings.minFaces} faces within cosine distance ${settings.maxDistance}, first matching person`,
    plan: (input) => planImmichBaseline(input, settings),
  };
}

async function planImmichBaseline(input: ClusteringInput, settings: ImmichBaselineSettings): Promise<ClusteringPlan> {
  const session = new ClusteringSession(input);
  const { state, constraints } = session;
  const k = Math.max(settings.minFaces - 1, settings.personSearchCount);
  const graph = await NeighbourGraph.load(input.neighbours, new Set(session.faces.keys()), session.candidates, k);
  const minSimilarity = 1 - settings.maxDistance;

  // New people live here until the end, when the ones that are mostly an old person take its id.
  const newGroupOf = new Map<string, number>();
  const newGroups: string[][] = [];
  const personOf = (faceId: string): string | number | null => newGroupOf.get(faceId) ?? state.personOf(faceId);
  const allowed = (faceId: string, person: string | number) => typeof person === 'number' || !constraints.forbids(faceId, person);

  const visit = (faceId: string, deferred: boolean): 'deferred' | 'done' => {
    const within = graph.of(faceId).filter((n) => n.similarity >= minSimilarity);
    const matches = within.slice(0, settings.minFaces - 1);
    // Immich's counts include the face itself.
    if (settings.minFaces > 1 && matches.length === 0) return 'done';
    const isCore = matches.length + 1 >= settings.minFaces;
    if (!isCore && !deferred) return 'deferred';

    const withPerson = (list: typeof within) =>
      list.map((n) => personOf(n.faceId)).find((p): p is string | number => p !== null && allowed(faceId, p));
    let person = withPerson(matches) ?? withPerson(within) ?? null;
    if (person === null && isCore) {
      person = newGroups.length;
      newGroups.push([]);
    }
    if (typeof person === 'number') {
      newGroupOf.set(faceId, person);
      newGroups[person]!.push(faceId);
    } else if (person !== null) state.place(faceId, person);
    return 'done';
  };

  const deferred = session.candidates.filter((f) => visit(f, false) === 'deferred');
  for (const f of deferred) visit(f, true);

  const inherited = inheritPersonIds(newGroups, session.formerPeople, input.thresholds.keepIdOverlap);
  newGroups.forEach((faces, index) => {
    const personId = inherited.get(index) ?? session.createPerson();
    for (const f of faces) if (allowed(f, personId)) state.place(f, personId);
  });
  return session.toPlan();
}
