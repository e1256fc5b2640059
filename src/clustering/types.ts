import type { Constraint, FaceAssignment, Neighbour } from '../catalog/catalog.js';
import type { AssignmentSource } from '../domain/types.js';
import type { ClusteringThresholds } from './thresholds.js';

/** What clustering needs to know about a face; the embedding stays behind the neighbour function. */
export interface ClusterFace {
  id: string;
  /** Faces of one photo are never the same person. */
  photoId: string;
  /** quality.overall, 0..1. */
  quality: number;
  personId: string | null;
  source: AssignmentSource | null;
}

export interface ClusterPerson {
  id: string;
  name: string | null;
  hidden: boolean;
}

/**
 * The k nearest faces of a face, nearest first (a catalog index or a brute-force scan).
 * May include the face itself and faces unknown to the input; both are ignored.
 */
export type NeighbourFunction = ((faceId: string, k: number) => Neighbour[] | Promise<Neighbour[]>) & {
  /** Optional: computes the lists of many faces at once before they are asked for one by one (a batch is far cheaper). */
  prefetch?: (faceIds: readonly string[], k: number) => Promise<void>;
};

/**
 * incremental: only faces without a person (and not set aside by the user) are placed; existing assignments stay.
 * recluster: every automatic assignment is recomputed; user decisions stay.
 */
export type ClusteringMode = 'incremental' | 'recluster';

export interface ClusteringInput {
  mode: ClusteringMode;
  faces: readonly ClusterFace[];
  people: readonly ClusterPerson[];
  constraints: readonly Constraint[];
  neighbours: NeighbourFunction;
  thresholds: ClusteringThresholds;
  /**
   * Only these faces may be placed (an incremental run's new faces and the old unassigned ones near them); every other
   * face stays as it is. Absent: every face the mode lets move.
   */
  movable?: ReadonlySet<string>;
  /**
   * How many faces each person has in the library, for people only some of whose faces are in `faces` (a run that reads
   * the neighbourhood of a few new faces, neighbourhood-run.ts): a person's size is what its exemplar scores divide by.
   * Absent: `faces` holds every face of every person.
   */
  personSizes?: ReadonlyMap<string, number>;
}

export interface NewPerson {
  /** A label for this plan only; the catalog gives the real id when the person is created. */
  tempId: string;
  faceIds: string[];
}

/** Only changes: applying the plan to the input state gives the new state. Every change is automatic (source 'auto'). */
export interface ClusteringPlan {
  /** Faces moved to an existing person, or taken out of one (personId null). */
  assignments: FaceAssignment[];
  newPeople: NewPerson[];
  /** Faces the clusterer considered and left without a person, sorted by id. */
  unassigned: string[];
  /** Existing unnamed, visible, unconstrained people left without any face: safe to delete. */
  emptiedPeople: string[];
}
