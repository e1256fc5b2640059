import type { ConstraintIndex } from './constraint-index.js';
import type { ClusterFace } from './types.js';

/**
 * Who is who while a plan is being made. Faces gain a person here, or move with all of their person's faces into
 * another (merge-people.ts); every hard rule is checked when a face joins and when people merge.
 */
export class AssignmentState {
  private readonly personOfFace = new Map<string, string>();
  private readonly sizeOfPerson = new Map<string, number>();
  private readonly photosOfPerson = new Map<string, Set<string>>();
  private readonly facesOfPerson = new Map<string, Set<string>>();
  /** Faces a person has outside the input (a neighbourhood-local run); they count in its size and never move. */
  private readonly outsideOfPerson = new Map<string, number>();

  constructor(
    readonly faces: ReadonlyMap<string, ClusterFace>,
    readonly constraints: ConstraintIndex,
  ) {}

  personOf(faceId: string): string | null {
    return this.personOfFace.get(faceId) ?? null;
  }

  /** Whether any face has a person yet. */
  hasPeople(): boolean {
    return this.sizeOfPerson.size > 0;
  }

  size(personId: string): number {
    return (this.sizeOfPerson.get(personId) ?? 0) + (this.outsideOfPerson.get(personId) ?? 0);
  }

  /**
   * The person has `total` faces in the library, the ones placed here among them. Call after placing the input's faces:
   * the rest count in size() but are not listed by facesOf (no rule that reads a person's faces one by one looks
   * at a person of an earlier run whose faces are not all in the input, neighbourhood-run.ts).
   */
  setLibrarySize(personId: string, total: number): void {
    const placed = this.sizeOfPerson.get(personId) ?? 0;
    if (total < placed) throw new Error(`person ${personId} has ${placed} faces in the input but ${total} in the library`);
    if (total > placed) this.outsideOfPerson.set(personId, total - placed);
  }

  /** The hard rules: never twice in one photo, never a person the user excluded for this face. */
  canJoin(faceId: string, personId: string): boolean {
    const face = this.face(faceId);
    if (this.photosOfPerson.get(personId)?.has(face.photoId)) return false;
    return !this.constraints.forbids(faceId, personId);
  }

  /** Assigns without checking: for the state the input already holds (user decisions may break rules we would enforce). */
  place(faceId: string, personId: string): void {
    if (this.personOfFace.has(faceId)) throw new Error(`face ${faceId} is already placed`);
    const face = this.face(faceId);
    this.personOfFace.set(faceId, personId);
    this.sizeOfPerson.set(personId, this.size(personId) + 1);
    let photos = this.photosOfPerson.get(personId);
    if (!photos) this.photosOfPerson.set(personId, (photos = new Set()));
    photos.add(face.photoId);
    let members = this.facesOfPerson.get(personId);
    if (!members) this.facesOfPerson.set(personId, (members = new Set()));
    members.add(faceId);
  }

  /** The person's faces, in the order they were placed. */
  facesOf(personId: string): readonly string[] {
    return [...(this.facesOfPerson.get(personId) ?? [])];
  }

  /** People with at least one face, in the order they got their first. */
  people(): readonly string[] {
    return [...this.facesOfPerson.keys()];
  }

  /**
   * The hard rules for moving every face of `from` into `to`: no photo holds faces of both, the user never said the two
   * are different people, and never said any face of `from` is not `to`.
   */
  canMerge(from: string, to: string): boolean {
    if (from === to || this.constraints.areDifferent(from, to)) return false;
    const [photosFrom, photosTo] = [this.photosOfPerson.get(from) ?? new Set<string>(), this.photosOfPerson.get(to) ?? new Set<string>()];
    for (const photo of photosFrom) if (photosTo.has(photo)) return false;
    return this.facesOf(from).every((f) => !this.constraints.forbids(f, to));
  }

  /** Moves every face of `from` into `to` after checking canMerge; false (and no change) when the rules forbid it. */
  merge(from: string, to: string): boolean {
    if (!this.canMerge(from, to)) return false;
    for (const faceId of this.facesOf(from)) {
      this.personOfFace.delete(faceId);
      this.place(faceId, to);
    }
    const outside = this.outsideOfPerson.get(from);
    if (outside !== undefined) this.outsideOfPerson.set(to, (this.outsideOfPerson.get(to) ?? 0) + outside);
    this.outsideOfPerson.delete(from);
    this.sizeOfPerson.delete(from);
    this.photosOfPerson.delete(from);
    this.facesOfPerson.delete(from);
    return true;
  }

  /** Assigns after checking the hard rules; false (and no change) when they forbid it. */
  join(faceId: string, personId: string): boolean {
    if (this.personOfFace.has(faceId) || !this.canJoin(faceId, personId)) return false;
    this.place(faceId, personId);
    return true;
  }

  face(faceId: string): ClusterFace {
    const face = this.faces.get(faceId);
    if (!face) throw new Error(`unknown face ${faceId}`);
    return face;
  }
}
