import { ConstraintIndex } from '../clustering/constraint-index.js';
import { compareIds } from '../clustering/compare-ids.js';
import type { ReviewFace, ReviewInput, ReviewPerson } from './review-input.js';

export interface PersonScore {
  personId: string;
  score: number;
}

/**
 * The input indexed for the questions the queue asks: who is where, how big each person is, who is on each photo,
 * and how well a face fits each person around it.
 */
export class ReviewState {
  readonly faces = new Map<string, ReviewFace>();
  readonly people = new Map<string, ReviewPerson>();
  readonly constraints: ConstraintIndex;
  private readonly sizes = new Map<string, number>();
  private readonly peopleOnPhoto = new Map<string, Map<string, number>>();
  private readonly photosOfPerson = new Map<string, Set<string>>();

  constructor(readonly input: ReviewInput) {
    for (const person of input.people) this.people.set(person.id, person);
    for (const face of input.faces) {
      this.faces.set(face.id, face);
      if (face.personId === null) continue;
      this.sizes.set(face.personId, this.size(face.personId) + 1);
      const onPhoto = this.peopleOnPhoto.get(face.photoId) ?? new Map<string, number>();
      onPhoto.set(face.personId, (onPhoto.get(face.personId) ?? 0) + 1);
      this.peopleOnPhoto.set(face.photoId, onPhoto);
      const photos = this.photosOfPerson.get(face.personId) ?? new Set<string>();
      photos.add(face.photoId);
      this.photosOfPerson.set(face.personId, photos);
    }
    this.constraints = new ConstraintIndex(input.constraints);
  }

  get thresholds() {
    return this.input.thresholds;
  }

  size(personId: string): number {
    return this.sizes.get(personId) ?? 0;
  }

  /** A face the user has decided about (a person, "nobody", or not a face): never asked again. */
  isDecided(face: ReviewFace): boolean {
    return face.source === 'user' || this.input.notAFaces.has(face.id);
  }

  /** The person has a face on this face's photo other than this one: a photo never shows one person twice. */
  sharesPhoto(face: ReviewFace, personId: string): boolean {
    const count = this.peopleOnPhoto.get(face.photoId)?.get(personId) ?? 0;
    return count > (face.personId === personId ? 1 : 0);
  }

  /** Whether the two people have faces on one photo. */
  appearTogether(personA: string, personB: string): boolean {
    const [a, b] = [this.photosOfPerson.get(personA) ?? new Set<string>(), this.photosOfPerson.get(personB) ?? new Set<string>()];
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    for (const photo of small) if (large.has(photo)) return true;
    return false;
  }

  /**
   * How well the face fits each person among its neighbours, as clustering's attach pass measures it
   * (attach-to-people.ts scorePeople): the mean similarity to the person's exemplarCount closest faces, the face itself
   * left out of its own person; exemplars beyond the neighbour list count as 0. Highest first, ties by id.
   */
  scoresOf(face: ReviewFace): PersonScore[] {
    const k = this.thresholds.exemplarCount;
    const closest = new Map<string, number[]>();
    for (const n of this.input.neighbours.get(face.id) ?? []) {
      const personId = this.faces.get(n.faceId)?.personId ?? null;
      if (personId === null || n.faceId === face.id) continue;
      const sims = closest.get(personId);
      if (!sims) closest.set(personId, [n.similarity]);
      else if (sims.length < k) sims.push(n.similarity);
    }
    const scores: PersonScore[] = [];
    for (const [personId, sims] of closest) {
      const others = this.size(personId) - (face.personId === personId ? 1 : 0);
      const exemplars = Math.min(k, others);
      if (exemplars > 0) scores.push({ personId, score: sims.reduce((a, b) => a + b, 0) / exemplars });
    }
    return scores.sort((a, b) => b.score - a.score || compareIds(a.personId, b.personId));
  }
}
