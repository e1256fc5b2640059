import type { Constraint, FaceWithEmbedding, StoredFace, StoredPerson } from '../catalog/catalog.js';
import { applyPlan, type ClusteringCatalog, type ClusteringSummary, summarise } from './apply-plan.js';
import type { Embedding } from '../domain/types.js';
import { batchNeighbours } from './batch-neighbours.js';
import { GROUP_NEIGHBOURS } from './decide-group.js';
import { decisionsDigest } from './decisions-digest.js';
import { judgedFaces } from './judged-faces.js';
import type { ClusteringMethod } from './methods/method.js';
import { clusteringMethod, DEFAULT_CLUSTERING_METHOD } from './methods/registry.js';
import { indexSource, type NeighbourSource, streamedSource } from './neighbour-source.js';
import { clusterNeighbourhood, NEIGHBOURHOOD_MAX_NEW_FACES } from './neighbourhood-run.js';
import { SettledFaces } from './settled-faces.js';
import type { ClusteringThresholds } from './thresholds.js';
import type { ClusterFace, ClusteringInput, ClusteringMode, ClusteringPlan, NeighbourFunction } from './types.js';


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
   * 'auto' (the default): 'neighbourhood' when an incremental run has at most NEIGHBOURHOOD_MAX_NEW_FACES new faces
   * and the method plans from a neighbourhood, else 'bounded'. 'neighbourhood': an incremental run reads only the
   * neighbourhood of the faces it judges (neighbourhood-run.ts), whatever their number; the same plan as 'bounded'.
   * 'bounded': an incremental run judges the new faces and the settled ones near them (judged-faces.ts) against every
   * face and person of the pack, and batch neighbours stream the library's embeddings block by block.
   * 'whole-library': the code before issue 16 (every unassigned face judged in every run, every embedding of the pack in
   * memory), kept for the scale benchmark's "before" row only.
   */
  strategy?: 'auto' | 'neighbourhood' | 'bounded' | 'whole-library';
}

/** Clusters the faces one model pack made, through the catalog's kNN index, and stores the result. */
export async function clusterLibrary(
  catalog: ClusteringCatalog,
  pack: string,
  thresholds: ClusteringThresholds,
  options: ClusterLibraryOptions,
): Promise<ClusteringSummary> {
  const method = clusteringMethod(options.method ?? DEFAULT_CLUSTERING_METHOD);
  const strategy = options.strategy ?? 'auto';
  if (strategy === 'neighbourhood' || strategy === 'auto') {
    const local = await neighbourhoodRun(catalog, pack, thresholds, options, method, strategy === 'auto' ? NEIGHBOURHOOD_MAX_NEW_FACES : null);
    if (local !== null) return local;
  }
  if (strategy !== 'whole-library') return clusterBounded(catalog, pack, thresholds, options, method);
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

/** clusterNeighbourhood where it applies (see ClusterLibraryOptions.strategy); null where it does not or declines. */
async function neighbourhoodRun(
  catalog: ClusteringCatalog,
  pack: string,
  thresholds: ClusteringThresholds,
  options: ClusterLibraryOptions,
  method: ClusteringMethod,
  maxNewFaces: number | null,
): Promise<ClusteringSummary | null> {
  // Longer lists than the source keeps would be asked of the index face by face, past the faces read for them.
  const fits = thresholds.neighbourCount <= GROUP_NEIGHBOURS;
  if (options.mode !== 'incremental' || !method.plansFromNeighbourhood || !fits) {
    if (options.strategy === 'neighbourhood') throw new Error(`the neighbourhood strategy is for incremental runs of a method that plans from a neighbourhood, with neighbourCount <= ${GROUP_NEIGHBOURS}`);
    return null;
  }
  return clusterNeighbourhood(catalog, pack, thresholds, method, { source: sourceFor(catalog, pack, thresholds, options), maxNewFaces });
}

/** The neighbour source a run of these options uses (exported for the tests that run the strategies side by side). */
export function sourceFor(catalog: ClusteringCatalog, pack: string, thresholds: ClusteringThresholds, options: ClusterLibraryOptions): NeighbourSource {
  const depth = Math.max(thresholds.neighbourCount, BATCH_NEIGHBOURS);
  return options.neighbours === 'index' ? indexSource(catalog, pack, depth) : streamedSource(catalog, pack, depth);
}

/**
 * Neighbour lists only for the faces the run judges, the library's embeddings read block by block; afterwards the
 * faces left unassigned are stored as settled, so the next incremental run skips those no new face comes near.
 * Exported for the tests that compare it with the neighbourhood run (clusterLibrary is the way in).
 */
export async function clusterBounded(
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
  const source = sourceFor(catalog, pack, thresholds, options);
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

export type { ClusteringCatalog, ClusteringSummary };
