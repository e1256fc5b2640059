import type { Constraint, FacePlacement } from '../catalog/catalog.js';
import { applyPlan, type ClusteringCatalog, type ClusteringSummary, summarise } from './apply-plan.js';
import { AssignmentState } from './assignment-state.js';
import { compareIds } from './compare-ids.js';
import { ConstraintIndex } from './constraint-index.js';
import { decisionsDigest } from './decisions-digest.js';
import { judgedFaces } from './judged-faces.js';
import type { ClusteringMethod } from './methods/method.js';
import { NeighbourGraph } from './neighbour-graph.js';
import type { NeighbourSource } from './neighbour-source.js';
import { radiusFaces, reachedPeople } from './radius-faces.js';
import { SettledFaces } from './settled-faces.js';
import type { ClusteringThresholds } from './thresholds.js';
import type { ClusterFace, ClusteringPlan } from './types.js';

/**
 * Up to this many new faces (unassigned, not settled by an earlier run), an incremental run reads their neighbourhood
 * instead of the library (clusterLibrary's 'auto' strategy): a scan of a photo or a folder of them, against a library
 * of any size.
 */
export const NEIGHBOURHOOD_MAX_NEW_FACES = 64;

export interface NeighbourhoodRunOptions {
  /** Where neighbour lists come from (cluster-library.ts picks it as for the bounded run). */
  source: NeighbourSource;
  /** Run only when at most this many faces are new; null: always. */
  maxNewFaces: number | null;
}

/**
 * An incremental run that reads what its faces' neighbourhood holds, not the library, and plans exactly what the
 * bounded run over the whole pack plans (test/clustering/neighbourhood-run.test.ts). The planner of a method that
 * plansFromNeighbourhood reads, besides the faces it may move (judged-faces.ts) and their lists:
 *  - the person of every face in a list it loads (for scores), and that person's size (countFacesOfPeople);
 *  - every face of the people a movable face reaches (radiusFaces samples them), and the lists of that sample;
 *  - every face in the photos of the movable faces (a person already in the photo cannot take a face of it);
 *  - the constraints and the people (ids, names, hidden).
 * The pool, the user's faces, the people and the constraints are still read whole, for the settled faces and the
 * digest of the user's decisions (settled-faces.ts), by indexes and without counts. Returns null, having changed
 * nothing, when more than maxNewFaces faces are new.
 */
export async function clusterNeighbourhood(
  catalog: ClusteringCatalog,
  pack: string,
  thresholds: ClusteringThresholds,
  method: ClusteringMethod,
  options: NeighbourhoodRunOptions,
): Promise<ClusteringSummary | null> {
  const [pool, userFaces, people, constraints] = await Promise.all([
    catalog.listFacePlacements(pack, { unplaced: true }),
    catalog.listFacePlacements(pack, { decidedByUser: true }),
    catalog.listPersonNames(),
    catalog.listConstraints(),
  ]);
  const settled = await SettledFaces.load(catalog, pack, decisionsDigest(userFaces, constraints, people));
  const poolIds = pool.map((f) => f.id);
  // Each face's id hashed once (settled-faces.ts), not again when judgedFaces asks.
  const fresh = new Set(poolIds.filter((id) => !settled.has(id)));
  if (options.maxNewFaces !== null && fresh.size > options.maxNewFaces) return null;

  const { source } = options;
  const movable = await judgedFaces(poolIds, { has: (id) => !fresh.has(id) }, source, thresholds);
  const faces = await neighbourhood(catalog, pack, [...movable].sort(compareIds), pool, constraints, source, thresholds);
  const personIds = [...new Set([...faces.values()].flatMap((f) => (f.personId === null ? [] : [f.personId])))];
  const plan = await method.plan({
    mode: 'incremental',
    faces: [...faces.values()].sort(byPhotoAndIndex).map(toClusterFace),
    people,
    constraints,
    neighbours: source.neighbours,
    thresholds,
    movable,
    personSizes: await catalog.countFacesOfPeople(pack, personIds),
  });
  await applyPlan(catalog, plan);
  const decisionsAfter = decisionsDigest(userFaces, constraints, await catalog.listPersonNames());
  await SettledFaces.store(catalog, pack, decisionsAfter, unassignedAfter(poolIds, plan));
  return summarise(plan);
}

/**
 * The faces the planner will read (see clusterNeighbourhood), with the lists it will ask for loaded into the source:
 * the radius sample is found as the planner finds it (radiusFaces on the same lists and people), so its lists are
 * loaded here and every face in them is in the input.
 */
async function neighbourhood(
  catalog: ClusteringCatalog,
  pack: string,
  movable: readonly string[],
  pool: readonly FacePlacement[],
  constraints: readonly Constraint[],
  source: NeighbourSource,
  thresholds: ClusteringThresholds,
): Promise<Map<string, FacePlacement>> {
  const faces = new Map<string, FacePlacement>();
  const add = (found: readonly FacePlacement[]) => {
    for (const f of found) faces.set(f.id, f);
  };
  const poolById = new Map(pool.map((f) => [f.id, f]));
  const photos = new Set(movable.map((id) => poolById.get(id)!.photoSha256));
  add(await catalog.listFacePlacements(pack, { faceIds: listed(movable, source), photoSha256s: [...photos] }));

  const known = new Set(faces.keys());
  const graph = await NeighbourGraph.load(source.neighbours, known, movable, thresholds.neighbourCount);
  const reached = reachedPeople(movable, graph, (id) => faces.get(id)?.personId ?? null, thresholds);
  if (reached.length === 0 || thresholds.adaptiveRadiusSlack === null) return faces;
  add(await catalog.listFacePlacements(pack, { personIds: reached }));

  const sample = radiusFaces(movable, graph, stateOf(faces, constraints), thresholds);
  // As deep as the planner will ask for them (plan-clustering.ts: graph.add of the sample at neighbourCount, plus itself).
  await source.load(sample.filter((id) => source.list(id) === undefined), thresholds.neighbourCount + 1);
  add(await catalog.listFacePlacements(pack, { faceIds: listed(sample, source).filter((id) => !faces.has(id)) }));
  return faces;
}

/** The faces and every face in their lists. */
function listed(faceIds: readonly string[], source: NeighbourSource): string[] {
  const ids = new Set(faceIds);
  for (const id of faceIds) for (const n of source.list(id) ?? []) ids.add(n.faceId);
  return [...ids];
}

/** The people as the planner's state starts: every placed face in its person. */
function stateOf(faces: ReadonlyMap<string, FacePlacement>, constraints: readonly Constraint[]): AssignmentState {
  const clusterFaces = new Map([...faces.values()].map((f) => [f.id, toClusterFace(f)]));
  const state = new AssignmentState(clusterFaces, new ConstraintIndex(constraints));
  for (const f of clusterFaces.values()) if (f.personId !== null) state.place(f.id, f.personId);
  return state;
}

/** The pool without the faces the plan placed (as cluster-library.ts's unassignedAfter, for an incremental run). */
function unassignedAfter(poolIds: readonly string[], plan: ClusteringPlan): string[] {
  const placed = new Set(plan.newPeople.flatMap((p) => p.faceIds));
  for (const a of plan.assignments) if (a.personId !== null) placed.add(a.faceId);
  return poolIds.filter((id) => !placed.has(id));
}

/** listFaces' order, which the whole-pack run gives the planner (sums over faces are then added in the same order). */
function byPhotoAndIndex(a: FacePlacement, b: FacePlacement): number {
  return compareIds(a.photoSha256, b.photoSha256) || a.index - b.index;
}

export function toClusterFace(face: FacePlacement): ClusterFace {
  return { id: face.id, photoId: face.photoSha256, quality: face.quality, personId: face.personId, source: face.source };
}
