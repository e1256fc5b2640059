import type { Constraint, FaceCatalog, FaceWithEmbedding, PeopleCatalog, SettingsCatalog, StoredFace, StoredPerson } from '../catalog/catalog.js';
import type { Embedding } from '../domain/types.js';
import { batchNeighbours } from './batch-neighbours.js';
import { GROUP_NEIGHBOURS } from './decide-group.js';
import { decisionsDigest } from './decisions-digest.js';
import { judgedFaces } from './judged-faces.js';
import type { ClusteringMethod } from './methods/method.js';
import { clusteringMethod, DEFAULT_CLUSTERING_METHOD } from './methods/registry.js';
import { indexSource, streamedSource } from './neighbour-source.js';
import { SettledFaces } from './settled-faces.js';
import type { ClusteringThresholds } from './thresholds.js';
import type { ClusterFace, ClusteringInput, ClusteringMode, ClusteringPlan, NeighbourFunction } from './types.js';

/** The ports clustering uses; any Catalog provides them. */
export type ClusteringCatalog = FaceCatalog & PeopleCatalog & Pick<SettingsCatalog, 'getSetting' | 'setSetting'>;

export interface ClusterLibraryOptions {
  mode: ClusteringMode;
  /** A registered clustering method; the default is facetag's own. */
  method?: string;
  /**
   * Where neighbours come from: 'batch' loads the pack's embeddings and computes every neighbour list in one
   * matrix product (fast; the embedded default), 'index' asks the catalog's vector index face by face
   * (for remote catalogs too large to hold in memory).
   */
  neighbours?: 'batch' | 'index';
  /**
   * 'bounded' (the default): an incremental run judges the new faces and the settled ones near them (judged-faces.ts),
   * and batch neighbours stream the library's embeddings block by block. 'whole-library': the code before issue 16
   * (every unassigned face judged in every run, every embedding of the pack in memory), kept for the scale benchmark's
   * "before" row only.
   */
  strategy?: 'bounded' | 'whole-library';
}

export interface ClusteringSummary {
  /** Faces that got a person (existing or new) or changed person in this run. */
  assigned: number;
  newPeople: number;
  /** Faces the run considered and left without a person. */
  unassigned: number;
  /** Automatic people that lost all their faces in a re-cluster and were deleted. */
  removedPeople: number;
}

/** Clusters the faces one model pack made, through the catalog's kNN index, and stores the result. */
export async function clusterLibrary(
  catalog: ClusteringCatalog,
  pack: string,
  thresholds: ClusteringThresholds,
  options: ClusterLibraryOptions,
): Promise<ClusteringSummary> {
  const method = clusteringMethod(options.method ?? DEFAULT_CLUSTERING_METHOD);
  if (options.strategy !== 'whole-library') return clusterBounded(catalog, pack, thresholds, options, method);
  const { faces, embeddings } = await loadFaces(catalog, pack, options.mode);
  const [people, constraints] = await Promise.all([catalog.listPeople({ includeHidden: true }), catalog.listConstraints()]);
  const neighbours =
    options.neighbours === 'index'
      ? indexNeighbours(catalog, pack, embeddings)
      : await batchNeighbours(
          embeddings,
          options.mode === 'recluster' ? embeddings : await allEmbeddings(catalog, pack),
          Math.max(thresholds.neighbourCount, BATCH_NEIGHBOURS),
          indexNeighbours(catalog, pack, embeddings),
        );
  const plan = await method.plan(planInput(options.mode, faces, people, constraints, neighbours, thresholds));
  await applyPlan(catalog, plan);
  return summarise(plan);
}

/**
 * Neighbour lists only for the faces the run judges, the library's embeddings read block by block; afterwards the
 * faces left unassigned are stored as settled, so the next incremental run skips those no new face comes near.
 */
async function clusterBounded(
  catalog: ClusteringCatalog,
  pack: string,
  thresholds: ClusteringThresholds,
  options: ClusterLibraryOptions,
  method: ClusteringMethod,
): Promise<ClusteringSummary> {
  const [faces, people, constraints] = await Promise.all([
    catalog.listFaces({ pack }),
    catalog.listPeople({ includeHidden: true }),
    catalog.listConstraints(),
  ]);
  const depth = Math.max(thresholds.neighbourCount, BATCH_NEIGHBOURS);
  const source =
    options.neighbours === 'index'
      ? indexSource(catalog, pack, depth)
      : streamedSource(catalog, pack, depth);
  let movable: Set<string> | undefined;
  if (options.mode === 'recluster') await source.load(faces.filter((f) => f.source !== 'user').map((f) => f.id));
  else {
    const pool = faces.filter((f) => f.personId === null && f.source !== 'user').map((f) => f.id);
    const settled = await SettledFaces.load(catalog, pack, decisionsDigest(faces, constraints, people));
    movable = await judgedFaces(pool, settled, source, thresholds);
  }
  const plan = await method.plan({ ...planInput(options.mode, faces, people, constraints, source.neighbours, thresholds), movable });
  await applyPlan(catalog, plan);
  // The people after the run, so that the next run recognises them (this run's new people are no decision of the user).
  const decisionsAfter = decisionsDigest(faces, constraints, await catalog.listPeople({ includeHidden: true }));
  await SettledFaces.store(catalog, pack, decisionsAfter, unassignedAfter(faces, plan));
  return summarise(plan);
}

/** The faces without a person once the plan is applied, apart from the user's "nobody" (never placed automatically). */
function unassignedAfter(faces: readonly StoredFace[], plan: ClusteringPlan): string[] {
  const personOf = new Map(faces.filter((f) => f.source !== 'user').map((f) => [f.id, f.personId]));
  for (const a of plan.assignments) if (personOf.has(a.faceId)) personOf.set(a.faceId, a.personId);
  for (const p of plan.newPeople) for (const f of p.faceIds) personOf.delete(f);
  return [...personOf].flatMap(([id, personId]) => (personId === null ? [id] : []));
}

/**
 * An incremental run only queries the index for faces without a person, so only their embeddings
 * are loaded: a large library's embeddings need not all sit in memory.
 */
async function loadFaces(
  catalog: ClusteringCatalog,
  pack: string,
  mode: ClusteringMode,
): Promise<{ faces: StoredFace[]; embeddings: Map<string, Embedding> }> {
  const embeddingsOf = (faces: readonly FaceWithEmbedding[]) => new Map(faces.map((f) => [f.id, f.embedding]));
  if (mode === 'recluster') {
    const faces = await catalog.listFacesWithEmbeddings(pack);
    return { faces, embeddings: embeddingsOf(faces) };
  }
  const [faces, pool] = await Promise.all([
    catalog.listFaces({ pack }),
    catalog.listFacesWithEmbeddings(pack, { unassignedOnly: true }),
  ]);
  return { faces, embeddings: embeddingsOf(pool) };
}

/**
 * Neighbour lists computed up front per face; longer requests go to the index. Long enough for the group decision's
 * lists (plus one: the index usually returns the face itself first), so judging a group costs no queries.
 */
const BATCH_NEIGHBOURS = GROUP_NEIGHBOURS + 1;

async function allEmbeddings(catalog: ClusteringCatalog, pack: string): Promise<Map<string, Embedding>> {
  return new Map((await catalog.listFacesWithEmbeddings(pack)).map((f) => [f.id, f.embedding]));
}

function indexNeighbours(catalog: ClusteringCatalog, pack: string, embeddings: ReadonlyMap<string, Embedding>): NeighbourFunction {
  return async (faceId, k) => {
    // An incremental run also asks for some placed faces (radius-faces.ts), whose embeddings it did not load.
    const embedding = embeddings.get(faceId) ?? (await catalog.getFaceEmbeddings([faceId])).get(faceId);
    if (!embedding) throw new Error(`clustering asked for neighbours of face ${faceId}, which has no embedding in the catalog`);
    return catalog.nearestFaces(embedding, pack, k);
  };
}

function planInput(
  mode: ClusteringMode,
  faces: readonly StoredFace[],
  people: readonly StoredPerson[],
  constraints: readonly Constraint[],
  neighbours: NeighbourFunction,
  thresholds: ClusteringThresholds,
): ClusteringInput {
  const clusterPeople = people.map(({ id, name, hidden }) => ({ id, name, hidden }));
  return { mode, faces: faces.map(toClusterFace), people: clusterPeople, constraints, neighbours, thresholds };
}

function toClusterFace(face: StoredFace): ClusterFace {
  return {
    id: face.id,
    photoId: face.photoSha256,
    quality: face.quality.overall,
    personId: face.personId,
    source: face.source,
  };
}

/** All at once, so a run killed halfway leaves the library as it was and the next run finds the same plan. */
async function applyPlan(catalog: ClusteringCatalog, plan: ClusteringPlan): Promise<void> {
  await catalog.applyClustering({
    assignments: plan.assignments,
    newPeople: plan.newPeople.map((p) => p.faceIds),
    deletePeople: plan.emptiedPeople,
  });
}

function summarise(plan: ClusteringPlan): ClusteringSummary {
  return {
    assigned:
      plan.assignments.filter((a) => a.personId !== null).length + plan.newPeople.reduce((n, p) => n + p.faceIds.length, 0),
    newPeople: plan.newPeople.length,
    unassigned: plan.unassigned.length,
    removedPeople: plan.emptiedPeople.length,
  };
}
