import { AssignmentState } from './assignment-state.js';
import { ConstraintIndex } from './constraint-index.js';
import type { FormerPeople } from './inherit-person-ids.js';
import { compareIds } from './compare-ids.js';
import type { ClusterFace, ClusteringInput, ClusteringPlan, NewPerson } from './types.js';

/**
 * What every clustering method shares: the rules about which faces may move, the state the input
 * already holds, new-person labels, and turning the final state into a plan of changes.
 */
export class ClusteringSession {
  readonly faces: ReadonlyMap<string, ClusterFace>;
  readonly constraints: ConstraintIndex;
  readonly state: AssignmentState;
  /** Faces this run may place, sorted by id. */
  readonly candidates: readonly string[];
  /** Where the candidates came from, for keeping person ids across a re-cluster. */
  readonly formerPeople: FormerPeople;
  /** People the user gave a name. */
  readonly named: ReadonlySet<string>;
  /**
   * An incremental run of a library that already has people: photos arrive a few at a time, so a face's own person may
   * come in a later run. A re-cluster, or the first run of a library, sees every face at once.
   */
  readonly addsToKnownPeople: boolean;
  private readonly existingPeople: ReadonlySet<string>;
  private readonly newPeople: string[] = [];

  constructor(private readonly input: ClusteringInput) {
    const faces = new Map<string, ClusterFace>();
    for (const f of input.faces) {
      if (faces.has(f.id)) throw new Error(`face ${f.id} appears twice in the clustering input`);
      faces.set(f.id, f);
    }
    this.faces = faces;
    this.constraints = new ConstraintIndex(input.constraints);
    this.state = new AssignmentState(faces, this.constraints);
    this.named = new Set(input.people.filter((p) => p.name !== null).map((p) => p.id));
    this.existingPeople = new Set([
      ...input.people.map((p) => p.id),
      ...input.faces.flatMap((f) => (f.personId === null ? [] : [f.personId])),
    ]);

    const candidates: string[] = [];
    for (const f of [...input.faces].sort((a, b) => compareIds(a.id, b.id))) {
      if (isFixed(f, input.mode) || (input.movable !== undefined && !input.movable.has(f.id))) {
        if (f.personId !== null) this.state.place(f.id, f.personId);
      } else candidates.push(f.id);
    }
    this.candidates = candidates;
    for (const [personId, total] of input.personSizes ?? []) this.state.setLibrarySize(personId, total);
    this.addsToKnownPeople = input.mode === 'incremental' && this.state.hasPeople();

    const formerSizes = new Map<string, number>();
    for (const f of candidates) {
      const p = this.formerPerson(f);
      if (p !== null) formerSizes.set(p, (formerSizes.get(p) ?? 0) + 1);
    }
    this.formerPeople = { personOf: this.formerPerson, size: (personId) => formerSizes.get(personId) ?? 0 };
  }

  /** The person a candidate had before this run: only a re-cluster takes faces out of people. */
  readonly formerPerson = (faceId: string): string | null => this.faces.get(faceId)?.personId ?? null;

  /** A label for a person this plan creates, distinct from every existing id. */
  createPerson(): string {
    let id = `new-${this.newPeople.length + 1}`;
    while (this.existingPeople.has(id)) id = `${id}'`;
    this.newPeople.push(id);
    return id;
  }

  /** Faces placed into a person this plan creates; returns the new person's label. */
  createPersonWith(faceIds: readonly string[]): string {
    const personId = this.createPerson();
    for (const f of faceIds) {
      if (!this.state.join(f, personId)) throw new Error(`face ${f} cannot start person ${personId}: it breaks a constraint`);
    }
    return personId;
  }

  toPlan(): ClusteringPlan {
    const created = new Map<string, NewPerson>(this.newPeople.map((tempId) => [tempId, { tempId, faceIds: [] }]));
    const plan: ClusteringPlan = { assignments: [], newPeople: [], unassigned: [], emptiedPeople: [] };
    for (const faceId of this.candidates) {
      const before = this.faces.get(faceId)!.personId;
      const after = this.state.personOf(faceId);
      const newPerson = after === null ? undefined : created.get(after);
      if (newPerson) newPerson.faceIds.push(faceId);
      else if (after !== before) plan.assignments.push({ faceId, personId: after, source: 'auto' });
      if (after === null) plan.unassigned.push(faceId);
    }
    plan.newPeople = [...created.values()].filter((p) => p.faceIds.length > 0);
    plan.emptiedPeople = this.emptiedPeople();
    return plan;
  }

  /** People that had faces before, have none now, and carry nothing the user gave them. */
  private emptiedPeople(): string[] {
    const hadFaces = new Set(this.input.faces.flatMap((f) => (f.personId === null ? [] : [f.personId])));
    const byId = new Map(this.input.people.map((p) => [p.id, p]));
    return [...hadFaces]
      .filter((id) => this.state.size(id) === 0)
      .filter((id) => {
        const person = byId.get(id);
        return person !== undefined && person.name === null && !person.hidden && !this.constraints.mentions(id);
      })
      .sort(compareIds);
  }
}

/** User decisions never move; in incremental mode automatic assignments stay too. */
function isFixed(face: ClusterFace, mode: ClusteringInput['mode']): boolean {
  if (face.source === 'user') return true;
  return mode === 'incremental' && face.personId !== null;
}
