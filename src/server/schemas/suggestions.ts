import { z } from 'zod';
import { SUGGESTION_KINDS } from '../../catalog/suggestions.js';
import { MAX_QUESTION_LENGTH } from '../../annotate/ask-library.js';
import { Photo, PersonId } from './library.js';

/** Suggestions from a language model and questions in plain words (docs/http-api.md "Suggestions"). */

const common = {
  id: z.string(),
  kind: z.enum(SUGGESTION_KINDS),
  value: z.string(),
  evidence: z.array(z.string()).describe('what the value rests on: folders, file names, people seen together'),
  confidence: z.number().min(0).max(1),
  model: z.string(),
};
export const Suggestion = z.union([z.object({ ...common, personId: z.string() }), z.object({ ...common, photoId: z.string() })]);
export const SuggestionList = z.object({ items: z.array(Suggestion) });
export const SuggestionsQuery = z.object({ personId: PersonId.optional().describe('only the suggestions about this person') });
export const SuggestionParams = z.object({ id: z.string().regex(/^s\d{1,15}$/, 'a suggestion id is s<number>, e.g. s12') });
export const SuggestionDecided = z.object({ decided: z.enum(['accepted', 'rejected']), suggestion: Suggestion });

export const AskQuery = z.object({ q: z.string().trim().min(1).max(MAX_QUESTION_LENGTH) });
export const AskAnswer = z.object({
  question: z.string(),
  model: z.string(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  ms: z.number(),
  query: z.object({
    people: z.array(z.object({ id: z.string(), name: z.string() })),
    from: z.string().nullable(),
    to: z.string().nullable(),
    place: z.string().nullable(),
    words: z.array(z.string()),
  }),
  unknownPeople: z.array(z.string()).describe('names in the question no one in the library has: then nothing is searched'),
  refusal: z.string().nullable().describe('why nothing was searched; null when the search ran'),
  photos: z.array(Photo),
});

const annotateOptions = {
  photos: z.boolean().optional().describe('a caption and tags per photo instead: every photo, or those showing all of personIds'),
  apply: z.boolean().optional().describe('accept suggestions at or above minConfidence at once (a name names the person)'),
  minConfidence: z.number().min(0).max(1).optional().describe('with apply: the least confidence to accept (default 0.9)'),
};
export const StartAnnotateBody = z
  .union([
    z.strictObject({ personIds: z.array(PersonId).min(1).max(1000), ...annotateOptions }),
    z.strictObject({ allUnnamed: z.literal(true).describe('every unnamed person who is not hidden'), ...annotateOptions }),
    z.strictObject({ ...annotateOptions, photos: z.literal(true).describe('every photo') }),
  ])
  .superRefine((body, ctx) => {
    if ('allUnnamed' in body && body.photos) ctx.addIssue({ code: 'custom', message: 'photos goes with personIds (photos showing them) or alone (every photo), not allUnnamed' });
    if (body.minConfidence !== undefined && body.apply !== true) ctx.addIssue({ code: 'custom', message: 'minConfidence goes with apply' });
  });
export const AnnotationParams = z.object({ id: z.uuid().describe('as POST /api/annotate answered it') });
export const Annotation = z.object({
  id: z.string(),
  state: z.enum(['running', 'finished', 'stopped', 'failed']),
  targetType: z.enum(['person', 'photo']),
  personIds: z.array(z.string()).nullable().describe('null: every unnamed person, or every photo'),
  model: z.string().nullable().describe('known when the run ends; null when nothing needed asking'),
  promptVersion: z.string().nullable(),
  done: z.number().int().describe('people or photos asked about so far, failed ones included'),
  total: z.number().int().describe('those to ask about: the ones without suggestions from this prompt version'),
  skipped: z.number().int().describe('already asked with this prompt version (known when the run ends)'),
  suggestions: z.number().int().describe('suggestions stored'),
  applied: z.number().int().describe('suggestions accepted at once (apply)'),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  ms: z.number().int().describe('wall time so far'),
  failed: z.number().int().describe('replies that broke the schema twice: nothing stored for them'),
  failures: z.array(z.object({ targetId: z.string(), reason: z.string() })).describe('which, and why (when the run ends)'),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable().describe('why a failed run stopped, in one line naming the model\'s URL (never its key)'),
});
