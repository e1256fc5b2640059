import type { FaceCatalog, FaceWithEmbedding, PeopleCatalog, StoredFace } from '../catalog/catalog.js';
import type { Embedding } from '../domain/types.js';
import { clusteringMethod, DEFAULT_CLUSTERING_METHOD } from './methods/registry.js';
import type { ClusteringThresholds } from './thresholds.js';
import type { ClusterFace, ClusteringMode, ClusteringPlan, NeighbourFunction } from './types.js';

/** The ports clustering uses; any Catalog provides them. */
export type ClusteringCatalog = FaceCatalog & PeopleCatalog;

export interface ClusterLibraryOptions {
  mode: ClusteringMode;
  /** A registered clustering method; the default is facetag's own. */
  method?: string;
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
  const { faces, embeddings } = await loadFaces(catalog, pack, options.mode);
  const [people, constraints] = await Promise.all([catalog.listPeople({ includeHidden: true }), catalog.listConstraints()]);
  const plan = await method.plan({
    mode: options.mode,
    faces: faces.map(toClusterFace),
    people: people.map(({ id, name, hidden }) => ({ id, name, hidden })),
    constraints,
    neighbours: indexNeighbours(catalog, pack, embeddings),
    thresholds,
  });
  await applyPlan(catalog, plan);
  return summarise(plan);
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
  const withEmbeddings: FaceWithEmbedding[] =
    mode === 'recluster'
      ? await catalog.listFacesWithEmbeddings(pack)
      : await catalog.listFacesWithEmbeddings(pack, { unassignedOnly: true });
  const faces = mode === 'recluster' ? withEmbeddings : await catalog.listFaces({ pack });
  return { faces, embeddings: new Map(withEmbeddings.map((f) => [f.id, f.embedding])) };
}

function indexNeighbours(catalog: ClusteringCatalog, pack: string, embeddings: ReadonlyMap<string, Embedding>): NeighbourFunction {
  return (faceId, k) => {
    const embedding = embeddings.get(faceId);
    if (!embedding) throw new Error(`clustering asked for neighbours of face ${faceId}, whose embedding was not loaded`);
    return catalog.nearestFaces(embedding, pack, k);
  };
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

async function applyPlan(catalog: ClusteringCatalog, plan: ClusteringPlan): Promise<void> {
  if (plan.assignments.length > 0) await catalog.assignFaces(plan.assignments);
  for (const person of plan.newPeople) {
    const personId = await catalog.createPerson();
    await catalog.assignFaces(person.faceIds.map((faceId) => ({ faceId, personId, source: 'auto' as const })));
  }
  for (const personId of plan.emptiedPeople) await catalog.deletePerson(personId);
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
