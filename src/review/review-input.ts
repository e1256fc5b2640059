import type { Constraint } from '../catalog/catalog.js';
import type { SimilarFace } from '../clustering/neighbour-graph.js';
import type { ClusteringThresholds } from '../clustering/thresholds.js';
import type { AssignmentSource } from '../domain/types.js';

/** What the review queue needs to know about a face; its embedding stays behind the neighbour lists. */
export interface ReviewFace {
  id: string;
  photoId: string;
  personId: string | null;
  source: AssignmentSource | null;
}

export interface ReviewPerson {
  id: string;
  name: string | null;
  hidden: boolean;
}

/**
 * The library as the queue sees it at one moment: every face of one pack, the people, the user's decisions, and each
 * face's nearest faces. Pure data: the queue is a function of it, so the same state always gives the same questions.
 */
export interface ReviewInput {
  faces: readonly ReviewFace[];
  people: readonly ReviewPerson[];
  constraints: readonly Constraint[];
  /** Faces the user marked as not a face: never asked about, never evidence for anyone. */
  notAFaces: ReadonlySet<string>;
  /** Each face's nearest faces (without itself), most similar first; faces missing here simply have no evidence. */
  neighbours: ReadonlyMap<string, readonly SimilarFace[]>;
  thresholds: ClusteringThresholds;
  /** Question ids the user skipped, oldest first: they go to the end of the queue in this order. */
  skipped: readonly string[];
}
