import type { ClusteringInput, ClusteringPlan } from '../types.js';

/** A way of turning faces into people; every method obeys the user's decisions and returns a plan of changes. */
export interface ClusteringMethod {
  readonly name: string;
  readonly summary: string;
  plan(input: ClusteringInput): Promise<ClusteringPlan>;
}
