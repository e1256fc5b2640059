import type { StoredFace } from '../catalog/catalog.js';
import { toFaceView, type FaceView } from '../people/face-view.js';
import { bestFace, toPersonView, type PersonView } from '../people/person-view.js';
import type { ReviewQuestion } from './review-queue.js';
import type { ReviewSnapshot } from './review-snapshot.js';

/** A question as programs see it (docs/http-api.md "Review queue"). */
export type QuestionView =
  | { id: string; kind: 'face-person'; face: FaceView; person: PersonView; similarity: number }
  | { id: string; kind: 'same-person'; a: PersonView; b: PersonView; aFaces: FaceView[]; bFaces: FaceView[]; similarity: number };

/** The views of the first questions, read from the snapshot they were ranked on (no further catalog calls). */
export function questionViews(snapshot: ReviewSnapshot, questions: readonly ReviewQuestion[]): QuestionView[] {
  const names = new Map([...snapshot.people.values()].map((p) => [p.id, p.name]));
  const facesOf = new Map<string, StoredFace[]>();
  for (const face of snapshot.faces.values()) {
    if (face.personId === null) continue;
    const list = facesOf.get(face.personId);
    if (list) list.push(face);
    else facesOf.set(face.personId, [face]);
  }
  const person = (id: string): PersonView => toPersonView(snapshot.people.get(id)!, bestFace(facesOf.get(id) ?? [])?.id ?? null);
  const face = (id: string): FaceView => toFaceView(snapshot.faces.get(id)!, names);
  return questions.map((q): QuestionView =>
    q.kind === 'face-person'
      ? { id: q.id, kind: q.kind, face: face(q.faceId), person: person(q.personId), similarity: q.similarity }
      : {
          id: q.id,
          kind: q.kind,
          a: person(q.personA),
          b: person(q.personB),
          aFaces: q.aFaces.map(face),
          bFaces: q.bFaces.map(face),
          similarity: q.similarity,
        },
  );
}
