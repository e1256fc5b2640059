import type { ClusteringInput, ClusteringPlan } from '../types.js';

/** A way of turning faces into people; every method obeys the user's decisions and returns a plan of changes. */
export interface ClusteringMethod {
  readonly name: string;
  readonly summary: string;
  plan(input: ClusteringInput): Promise<ClusteringPlan>;
  /**
   * The method reads only the movable faces, their neighbour lists, the people they reach and the radius sample of
   * those (radius-faces.ts), and a person's size by ClusteringInput.personSizes: an incremental run of a few new faces
   * may then give it that neighbourhood instead of the whole library (neighbourhood-run.ts).
   */
  readonly plansFromNeighbourhood?: boolean;
}
