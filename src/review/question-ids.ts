import { compareIds } from '../clustering/compare-ids.js';

/**
 * Question ids say what they ask, so an answer can be checked against the library as it is when the answer arrives
 * (and refused when it no longer applies) without any record of the questions handed out:
 * `fp:<faceId>:<personId>` "is this face that person?", `pp:<personA>:<personB>` "are these one person?" (the two in
 * id order, so a pair has one id).
 */
export type ParsedQuestionId =
  | { kind: 'face-person'; faceId: string; personId: string }
  | { kind: 'same-person'; personA: string; personB: string };

const PERSON = 'p\\d{1,15}';
const FACE = '[0-9a-f]{16}\\.[a-z0-9][a-z0-9._-]{0,63}\\.\\d{1,6}';
/** Face ids elsewhere follow the catalog's faceId(); synthetic test libraries use any id without a colon. */
const FACE_PERSON = new RegExp(`^fp:([^:\\s]{1,120}):(${PERSON})$`);
const SAME_PERSON = new RegExp(`^pp:(${PERSON}):(${PERSON})$`);

/** The shape a question id has on the wire (the HTTP schema checks it before any service sees it). */
export const QUESTION_ID_PATTERN = new RegExp(`^(fp:${FACE}:${PERSON}|pp:${PERSON}:${PERSON})$`);

export function facePersonQuestionId(faceId: string, personId: string): string {
  return `fp:${faceId}:${personId}`;
}

export function samePersonQuestionId(personA: string, personB: string): string {
  const [first, second] = orderedPeople(personA, personB);
  return `pp:${first}:${second}`;
}

/** Person ids by number (p2 before p10), the order people are listed in everywhere. */
export function orderedPeople(a: string, b: string): [string, string] {
  const byNumber = Number(a.slice(1)) - Number(b.slice(1));
  const order = Number.isNaN(byNumber) || byNumber === 0 ? compareIds(a, b) : byNumber;
  return order <= 0 ? [a, b] : [b, a];
}

/** null for anything that is not a question id, or a pair id whose people are not distinct and in order. */
export function parseQuestionId(id: string): ParsedQuestionId | null {
  const face = FACE_PERSON.exec(id);
  if (face) return { kind: 'face-person', faceId: face[1]!, personId: face[2]! };
  const pair = SAME_PERSON.exec(id);
  if (!pair || pair[1] === pair[2]) return null;
  const [personA, personB] = [pair[1]!, pair[2]!];
  if (samePersonQuestionId(personA, personB) !== id) return null;
  return { kind: 'same-person', personA, personB };
}
