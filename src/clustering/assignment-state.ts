import type { ConstraintIndex } from './constraint-index.js';
import type { ClusterFace } from './types.js';

/**
 * Who is who while a plan is being made. Faces only ever gain a person here, so every
 * hard rule can be checked once, when a face joins.
 */
export class AssignmentState {
  private readonly personOfFace = new Map<string, string>();
  private readonly sizeOfPerson = new Map<string, number>();
  private readonly photosOfPerson = new Map<string, Set<string>>();

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
    return this.sizeOfPerson.get(personId) ?? 0;
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
