import type { StoredFace } from '../catalog/catalog.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../library/library-errors.js';
import type { ParsedQuestionId } from './question-ids.js';
import type { ReviewSnapshot } from './review-snapshot.js';

export type ReviewAnswer = 'yes' | 'no' | 'skip' | 'not-a-face';

/**
 * Checks that a question still means something in the library as it is now, since ids are handed out and answered
 * later (another tab, the person page, a merge in between). Throws NotFoundError for a face the library does not
 * hold, ConflictError for a question that no longer applies (already decided, a person merged away), and
 * InvalidRequestError for an answer the question cannot take.
 */
export function requireApplicable(snapshot: ReviewSnapshot, question: ParsedQuestionId, answer: ReviewAnswer): void {
  if (question.kind === 'face-person') requireFacePerson(snapshot, question.faceId, question.personId, answer);
  else requireSamePerson(snapshot, question.personA, question.personB, answer);
}

function requireFacePerson(snapshot: ReviewSnapshot, faceId: string, personId: string, answer: ReviewAnswer): StoredFace {
  const face = snapshot.faces.get(faceId);
  if (!face) throw new NotFoundError(`no face ${faceId} in this library's model pack`);
  const stale = (why: string) => new ConflictError(`the question whether face ${faceId} is ${personId} no longer applies: ${why}`);
  if (snapshot.notAFaces.has(faceId)) throw stale('the face was marked as not a face');
  if (face.source === 'user') throw stale(face.personId === null ? 'the user left the face without a person' : `the user put the face into ${face.personId}`);
  if (!snapshot.people.has(personId)) throw stale(`there is no person ${personId} any more (merged or deleted)`);
  const refused = snapshot.constraints.some((c) => c.kind === 'not-person' && c.faceId === faceId && c.personId === personId);
  if (refused) throw stale(`the face was already declared not to be ${personId}`);
  if (answer === 'yes' && face.personId !== personId) {
    const twice = [...snapshot.faces.values()].some((f) => f.photoSha256 === face.photoSha256 && f.id !== faceId && f.personId === personId);
    if (twice) throw stale(`${personId} is already on that photo, and a photo shows a person once`);
  }
  return face;
}

function requireSamePerson(snapshot: ReviewSnapshot, personA: string, personB: string, answer: ReviewAnswer): void {
  if (answer === 'not-a-face') throw new InvalidRequestError(`"not-a-face" answers questions about one face, not the pair ${personA}, ${personB}`);
  const stale = (why: string) => new ConflictError(`the question whether ${personA} and ${personB} are one person no longer applies: ${why}`);
  for (const id of [personA, personB]) if (!snapshot.people.has(id)) throw stale(`there is no person ${id} any more (merged or deleted)`);
  const different = snapshot.constraints.some(
    (c) => c.kind === 'different-people' && [c.personA, c.personB].sort().join() === [personA, personB].sort().join(),
  );
  if (different) throw stale('they were already declared different people');
}
