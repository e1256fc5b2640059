import type { Constraint } from '../../src/catalog/catalog.js';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { planClustering } from '../../src/clustering/plan-clustering.js';
import { DEFAULT_CLUSTERING_THRESHOLDS, type ClusteringThresholds } from '../../src/clustering/thresholds.js';
import type { ClusterFace, ClusteringInput, ClusteringMode, ClusteringPlan, ClusterPerson } from '../../src/clustering/types.js';
import type { AssignmentSource } from '../../src/domain/types.js';
import type { LabelledItem } from '../../src/eval/metrics.js';
import type { SyntheticFace } from './synthetic.js';

type Planner = (input: ClusteringInput) => Promise<ClusteringPlan>;

/**
 * A library held in memory for tests of the pure planner: faces arrive, plans are applied the way the
 * service applies them (new people get ids p1, p2, ...), and user decisions can be made in between.
 */
export class SimulatedLibrary {
  readonly faces = new Map<string, SyntheticFace>();
  readonly assignment = new Map<string, { personId: string | null; source: AssignmentSource | null }>();
  readonly people = new Map<string, ClusterPerson>();
  readonly constraints: Constraint[] = [];
  lastPlan: ClusteringPlan | null = null;
  private nextPerson = 1;

  constructor(faces: readonly SyntheticFace[] = []) {
    this.add(faces);
  }

  add(faces: readonly SyntheticFace[]): void {
    for (const f of faces) {
      this.faces.set(f.id, f);
      this.assignment.set(f.id, { personId: null, source: null });
    }
  }

  async cluster(
    mode: ClusteringMode,
    options: { planner?: Planner; thresholds?: ClusteringThresholds } = {},
  ): Promise<ClusteringPlan> {
    const faces = [...this.faces.values()];
    const plan = await (options.planner ?? planClustering)({
      mode,
      faces: faces.map((f): ClusterFace => ({ id: f.id, photoId: f.photoId, quality: f.quality, ...this.assignment.get(f.id)! })),
      people: [...this.people.values()],
      constraints: this.constraints,
      neighbours: bruteForceNeighbours(faces),
      thresholds: options.thresholds ?? DEFAULT_CLUSTERING_THRESHOLDS,
    });
    this.apply(plan);
    this.lastPlan = plan;
    return plan;
  }

  createPerson(name: string | null = null): string {
    const id = `p${this.nextPerson++}`;
    this.people.set(id, { id, name, hidden: false });
    return id;
  }

  assignByUser(faceIds: readonly string[], personId: string | null): void {
    for (const f of faceIds) this.assignment.set(f, { personId, source: 'user' });
  }

  personOf(faceId: string): string | null {
    return this.assignment.get(faceId)?.personId ?? null;
  }

  /** Faces by person, each list sorted. */
  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const [faceId, a] of [...this.assignment].sort(([x], [y]) => (x < y ? -1 : 1))) {
      if (a.personId === null) continue;
      groups.set(a.personId, [...(groups.get(a.personId) ?? []), faceId]);
    }
    return groups;
  }

  labels(): LabelledItem[] {
    return [...this.faces.values()].map((f) => ({ predicted: this.personOf(f.id), identity: f.identity }));
  }

  private apply(plan: ClusteringPlan): void {
    // As the catalog does: an automatic "nobody" is no decision, just an unassigned face.
    for (const a of plan.assignments) this.assignment.set(a.faceId, { personId: a.personId, source: a.personId === null ? null : a.source });
    for (const p of plan.newPeople) {
      const id = this.createPerson();
      for (const f of p.faceIds) this.assignment.set(f, { personId: id, source: 'auto' });
    }
    for (const id of plan.emptiedPeople) this.people.delete(id);
  }
}
