import type { Catalog, StoredPhoto } from '../catalog/catalog.js';
import type { LlmClient } from '../llm/llm-client.js';
import { InvalidRequestError } from '../library/library-errors.js';
import { inRange } from '../library/photo-listing.js';
import { byCaptureTime } from '../library/photo-view.js';
import { estimateTokens } from './evidence-budget.js';
import { ASK_PROMPT_V1 } from './prompts/ask-v1.js';
import { photoTexts, resolveNames, type ResolvedNames } from './ask-terms.js';

export interface AskPorts {
  catalog: Catalog;
  llm: LlmClient;
}

/** The search a question became, with people as the library knows them. */
export interface RanQuery {
  people: { id: string; name: string }[];
  from: string | null;
  to: string | null;
  place: string | null;
  words: string[];
}

export interface AskAnswer {
  question: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  ms: number;
  query: RanQuery;
  /** Names the question used that no one in the library has: then nothing is searched. */
  unknownPeople: string[];
  /** Why no search ran (unknown people, or nothing to search for); null when it ran. */
  refusal: string | null;
  /** In capture order, undated last; empty when refused. */
  photos: StoredPhoto[];
}

export const MAX_QUESTION_LENGTH = 500;
const DEFAULT_CONTEXT_TOKENS = 4096;

/**
 * Answers a question in plain words: the model turns it into a search (people, date range, place, words), which
 * runs on the catalog as `facetag photos --person A --with B` does, then the date range and the words (in folder and
 * file names and photo captions) narrow it. A question that names someone the library does not know is answered
 * with that, never with a guess.
 */
export async function askLibrary(ports: AskPorts, question: string): Promise<AskAnswer> {
  const asked = question.trim();
  if (asked === '') throw new InvalidRequestError('ask a question, e.g. "photos of Alice and Bob at the beach in 2019"');
  if (asked.length > MAX_QUESTION_LENGTH) throw new InvalidRequestError(`a question is at most ${MAX_QUESTION_LENGTH} characters`);
  const prompt = ASK_PROMPT_V1;
  const named = (await ports.catalog.listPeople({ includeHidden: true })).filter((p) => p.name !== null).sort((a, b) => b.photos - a.photos);
  const context = (await ports.llm.contextTokens()) ?? DEFAULT_CONTEXT_TOKENS;
  let room = context - estimateTokens(prompt.system + asked) - prompt.maxTokens - 400;
  const listed: string[] = [];
  for (const person of named) {
    room -= estimateTokens(`- ${person.name}\n`);
    if (room < 0) break;
    listed.push(person.name!);
  }
  const more = named.length - listed.length;
  const user = `Question: ${asked}\n\nNamed people in the library:\n${listed.map((n) => `- ${n}`).join('\n') || '- none'}${more > 0 ? `\n(and ${more} more not listed)` : ''}`;
  const reply = await ports.llm.structured({ system: prompt.system, user, schema: prompt.schema, schemaName: prompt.schemaName, maxTokens: prompt.maxTokens });
  const names: ResolvedNames = await resolveNames(ports.catalog, [...reply.value.people, ...reply.value.unknownPeople]);
  const { from, to, place } = reply.value;
  const words = reply.value.words.filter((w, i, all) => all.findIndex((other) => other.toLowerCase() === w.toLowerCase()) === i);
  const query: RanQuery = { people: names.known, from, to, place, words };
  const answer = { question: asked, model: reply.model, promptTokens: reply.promptTokens, completionTokens: reply.completionTokens, ms: reply.ms, query, unknownPeople: names.unknown };
  if (names.unknown.length > 0) {
    const who = names.unknown.map((n) => `"${n}"`).join(', ');
    return { ...answer, refusal: `no one called ${who} in this library`, photos: [] };
  }
  if (query.people.length === 0 && from === null && to === null && place === null && words.length === 0) {
    return { ...answer, refusal: 'the question names no one and nothing facetag can search for', photos: [] };
  }
  const terms = [...(place === null ? [] : [place]), ...words].map((t) => t.toLowerCase());
  const texts = terms.length === 0 ? new Map<string, string>() : await photoTexts(ports.catalog);
  const photos = (await ports.catalog.photosWithPeople(query.people.map((p) => p.id)))
    .filter(inRange(from ?? undefined, to ?? undefined))
    .filter((photo) => terms.every((term) => `${photo.path}\n${texts.get(photo.sha256) ?? ''}`.toLowerCase().includes(term)))
    .sort(byCaptureTime);
  return { ...answer, refusal: null, photos };
}
