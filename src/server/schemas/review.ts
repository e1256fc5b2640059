import { z } from 'zod';
import { QUESTION_ID_PATTERN } from '../../review/question-ids.js';
import { MAX_REVIEW_COUNT } from '../../review/review-service.js';
import { Face, Person } from './library.js';

/** The review queue's shapes (docs/http-api.md "Review queue"). */

export const QuestionId = z
  .string()
  .max(200)
  .regex(QUESTION_ID_PATTERN, 'a question id is fp:<face id>:<person id> or pp:<person id>:<person id>')
  .describe('says what it asks, so an answer to a question that no longer applies is refused with 409');

export const ReviewProgress = z.object({
  answered: z.number().int().describe('answers recorded (undo takes one back)'),
  remaining: z.number().int().describe('questions in the queue now'),
  facesSettled: z.number().int().describe('faces no question doubts: decided by the user, or clustered with margin'),
  facesTotal: z.number().int(),
  questionsFor90: z.number().int().nullable().describe('how many of the ranked questions would settle 90 % of faces; null if they cannot'),
});

const FacePersonQuestion = z.object({
  id: z.string(),
  kind: z.literal('face-person'),
  face: Face,
  person: Person,
  similarity: z.number().describe("the face's mean similarity to the person's closest faces"),
});

const SamePersonQuestion = z.object({
  id: z.string(),
  kind: z.literal('same-person'),
  a: Person,
  b: Person,
  aFaces: z.array(Face).describe("a's faces that look most like b, best first"),
  bFaces: z.array(Face),
  similarity: z.number().describe('how close the two people come (mean of their best face-to-person scores)'),
});

export const ReviewNextQuery = z.object({
  count: z.coerce.number().int().min(1).max(MAX_REVIEW_COUNT).default(1),
});

export const ReviewNext = z.object({
  questions: z.array(z.discriminatedUnion('kind', [FacePersonQuestion, SamePersonQuestion])),
  progress: ReviewProgress,
});

export const ReviewAnswerBody = z.object({
  questionId: QuestionId,
  answer: z.enum(['yes', 'no', 'skip', 'not-a-face']).describe('not-a-face only for face-person questions'),
});

export const ReviewAnswered = z.object({
  applied: z.boolean().describe('the library changed (false for skip, which only moves the question to the end)'),
  progress: ReviewProgress,
});

export const ReviewUndone = z.object({
  undone: z.string().nullable().describe("the question whose answer was taken back; null when this session's answers are all undone"),
  progress: ReviewProgress,
});
