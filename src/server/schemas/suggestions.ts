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
