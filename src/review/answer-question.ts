import type { Catalog, Constraint, FaceAssignment } from '../catalog/catalog.js';
import type { AssignmentSource } from '../domain/types.js';
import { mergeInto, moveFaces, rejectFaces } from '../people/people-service.js';
import { mergeDirection } from './pair-questions.js';
import type { ReviewAnswer } from './question-applies.js';
import type { ParsedQuestionId } from './question-ids.js';
import type { ReviewSnapshot } from './review-snapshot.js';

/** A face's assignment before an answer changed it. */
export interface PriorAssignment {
  faceId: string;
  personId: string | null;
  source: AssignmentSource | null;
}

/** Everything an answer changed, so that undo can put it back exactly. */
export interface AnswerRecord {
  questionId: string;
  answer: Exclude<ReviewAnswer, 'skip'>;
  faces: PriorAssignment[];
  added: Constraint[];
  removed: Constraint[];
  /** A "yes, same person": the person merged away, and the name the one kept had before (a merge may hand it a name). */
  merge: { into: string; intoName: string | null; from: { id: string; name: string | null; hidden: boolean } } | null;
}

/**
 * Records a checked answer as the matching correction, through the same people service the CLI and the person page
 * use: "yes" on a face is the user's assignment, "no" a not-person constraint (taking the face out of the person if it
 * is there), "not a face" the catalog's mark; "yes" on a pair merges (into the named or bigger one), "no" is a
 * different-people constraint.
 */
export async function applyAnswer(
  catalog: Catalog,
  snapshot: ReviewSnapshot,
  questionId: string,
  question: ParsedQuestionId,
  answer: AnswerRecord['answer'],
): Promise<AnswerRecord> {
  const record: AnswerRecord = { questionId, answer, faces: [], added: [], removed: [], merge: null };
  if (question.kind === 'face-person') {
    const face = snapshot.faces.get(question.faceId)!;
    record.faces = [{ faceId: face.id, personId: face.personId, source: face.source }];
    if (answer === 'yes') await moveFaces(catalog, [face.id], question.personId);
    else if (answer === 'not-a-face') await catalog.markNotAFace([face.id]);
    else if (face.personId === question.personId) await rejectFaces(catalog, question.personId, [face.id]);
    else await catalog.addConstraint({ kind: 'not-person', faceId: face.id, personId: question.personId });
  } else if (answer === 'yes') {
    const [a, b] = [snapshot.people.get(question.personA)!, snapshot.people.get(question.personB)!];
    const size = (id: string) => [...snapshot.faces.values()].filter((f) => f.personId === id).length;
    // As the queue chose (same sizes: this pack's faces), so the merge goes the way the question was shown.
    const { into, from } = mergeDirection({ ...a, size: size(a.id) }, { ...b, size: size(b.id) });
    const gone = from === a.id ? a : b;
    record.faces = (await catalog.listFaces({ personId: from })).map((f) => ({ faceId: f.id, personId: f.personId, source: f.source }));
    record.merge = { into, intoName: (into === a.id ? a : b).name, from: { id: gone.id, name: gone.name, hidden: gone.hidden } };
    await mergeInto(catalog, into, [from]);
  } else {
    await catalog.addConstraint({ kind: 'different-people', personA: question.personA, personB: question.personB });
  }
  const after = await catalog.listConstraints();
  record.added = difference(after, snapshot.constraints);
  record.removed = difference(snapshot.constraints, after);
  return record;
}

/** Puts back what the answer changed, in the order that keeps every step valid. */
export async function undoAnswer(catalog: Catalog, record: AnswerRecord): Promise<void> {
  for (const constraint of record.added) await catalog.removeConstraint(constraint);
  if (record.merge) {
    const { into, intoName, from } = record.merge;
    // Names are unique: the kept person gives back a name it took before the merged one gets it again.
    const kept = await catalog.findPerson(into);
    if (kept && kept.name !== intoName) await catalog.renamePerson(into, intoName);
    await catalog.importPeople([from]);
  }
  await catalog.forgetAssignments(record.faces.map((f) => f.faceId));
  const decided = record.faces.filter((f): f is PriorAssignment & { source: AssignmentSource } => f.source !== null);
  await catalog.assignFaces(decided.map((f): FaceAssignment => ({ faceId: f.faceId, personId: f.personId, source: f.source })));
  for (const constraint of record.removed) await catalog.addConstraint(constraint);
}

function constraintKey(c: Constraint): string {
  return c.kind === 'not-person' ? `n ${c.faceId} ${c.personId}` : `d ${[c.personA, c.personB].sort().join(' ')}`;
}

function difference(from: readonly Constraint[], without: readonly Constraint[]): Constraint[] {
  const present = new Set(without.map(constraintKey));
  return from.filter((c) => !present.has(constraintKey(c)));
}
