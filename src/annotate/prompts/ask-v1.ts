import { z } from 'zod';
import type { Prompt } from './prompt.js';

const Day = z.string().max(10).regex(/^\d{4}-\d{2}-\d{2}$/);
const Name = z.string().min(1).max(80);

/** A question turned into a search; every field bounded. */
export const AskQuery = z.object({
  /** Names from the list of the library's people, as listed. */
  people: z.array(Name).max(5),
  /** Names in the question that are not in the list: said to the user, never guessed. */
  unknownPeople: z.array(Name).max(5),
  from: Day.nullable(),
  to: Day.nullable(),
  place: z.string().min(1).max(60).nullable(),
  words: z.array(z.string().min(1).max(40)).max(5),
});
export type AskQuery = z.infer<typeof AskQuery>;

const SYSTEM = `You turn a question about a personal photo library into a search, as JSON following the schema. The library's named people are listed below the question.
- "people": the people the question asks for, spelled exactly as in the list.
- "unknownPeople": names in the question that are NOT in the list (never replace them with a listed name).
- "from", "to": the date range the question means, as YYYY-MM-DD (a year 2019 is 2019-01-01 to 2019-12-31), else null.
- "place": a place the question names (a town, "beach", "home"), else null.
- "words": up to five other words to look for in folder names, file names and captions (e.g. "birthday", "wedding"); no names, dates or places here.`;

export const ASK_PROMPT_V1: Prompt<AskQuery> = {
  version: 'ask-v1',
  system: SYSTEM,
  schema: AskQuery,
  schemaName: 'photo_search',
  maxTokens: 300,
};
