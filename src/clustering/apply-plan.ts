import type { FaceCatalog, PeopleCatalog, SettingsCatalog } from '../catalog/catalog.js';
import type { ClusteringPlan } from './types.js';

/** The ports clustering uses; any Catalog provides them. */
export type ClusteringCatalog = FaceCatalog & PeopleCatalog & Pick<SettingsCatalog, 'getSetting' | 'setSetting'>;

export interface ClusteringSummary {
  /** Faces that got a person (existing or new) or changed person in this run. */
  assigned: number;
  newPeople: number;
  /** Faces the run considered and left without a person. */
  unassigned: number;
  /** Automatic people that lost all their faces in a re-cluster and were deleted. */
  removedPeople: number;
}

/** All at once, so a run killed halfway leaves the library as it was and the next run finds the same plan. */
export async function applyPlan(catalog: ClusteringCatalog, plan: ClusteringPlan): Promise<void> {
  await catalog.applyClustering({
    assignments: plan.assignments,
    newPeople: plan.newPeople.map((p) => p.faceIds),
    deletePeople: plan.emptiedPeople,
  });
}

export function summarise(plan: ClusteringPlan): ClusteringSummary {
  return {
    assigned:
      plan.assignments.filter((a) => a.personId !== null).length + plan.newPeople.reduce((n, p) => n + p.faceIds.length, 0),
    newPeople: plan.newPeople.length,
    unassigned: plan.unassigned.length,
    removedPeople: plan.emptiedPeople.length,
  };
}
