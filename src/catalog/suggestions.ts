/**
 * What a language model suggested about a person or a photo, kept until the user says yes or no. Nothing in a
 * suggestion changes the library by itself: accepting a name is what names the person.
 */

export const SUGGESTION_KINDS = ['name', 'description', 'relation', 'caption', 'tags'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

export const SUGGESTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** A person (p12) or a photo (its sha256). */
export type SuggestionTarget = { type: 'person'; id: string } | { type: 'photo'; id: string };

export interface NewSuggestion {
  target: SuggestionTarget;
  kind: SuggestionKind;
  /** Kept exactly as the model gave it (a name is not trimmed or re-cased). */
  value: string;
  /** What the value rests on: folders, file names, keywords, people seen together. */
  evidence: readonly string[];
  /** 0..1, as the model rated it. */
  confidence: number;
  model: string;
  promptVersion: string;
  promptTokens: number;
  completionTokens: number;
  /** Time the model took for the reply this suggestion came from. */
  ms: number;
}

export interface StoredSuggestion extends NewSuggestion {
  /** s12 */
  id: string;
  evidence: string[];
  createdAt: string;
  status: SuggestionStatus;
}

export interface SuggestionFilter {
  status?: SuggestionStatus;
  target?: SuggestionTarget;
}

export interface SuggestionCatalog {
  /**
   * Stores the suggestions of one reply (about one person or photo) in one transaction: all or none. A target that
   * does not exist rejects the whole call. Returns the new ids, in order.
   */
  addSuggestions(suggestions: readonly NewSuggestion[]): Promise<string[]>;
  /** Suggestions about targets that still exist, oldest first (by id). */
  listSuggestions(filter?: SuggestionFilter): Promise<StoredSuggestion[]>;
  getSuggestion(id: string): Promise<StoredSuggestion | null>;
  /** The user's yes or no; an unknown id is an error. Deciding again overwrites the earlier decision. */
  decideSuggestion(id: string, status: 'accepted' | 'rejected'): Promise<void>;
  /** True when the user rejected this value (compared ignoring case) of this kind for this target. */
  wasRejected(target: SuggestionTarget, kind: SuggestionKind, value: string): Promise<boolean>;
  /** The ids of the targets of this type that have any suggestion made with this prompt version (so a rerun skips them). */
  suggestedTargets(type: SuggestionTarget['type'], promptVersion: string): Promise<string[]>;
  /**
   * For copying a library: stores suggestions with their ids, times and statuses in one transaction; one whose id
   * exists already takes the given status, so importing again changes nothing. addSuggestions never hands out these
   * ids afterwards. A target that does not exist rejects the whole call.
   */
  importSuggestions(suggestions: readonly StoredSuggestion[]): Promise<void>;
}

/** Whether two values are the same suggestion: ignoring case and surrounding spaces (JavaScript's idea of case on every backend). */
export function sameSuggestedValue(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** s12 to 12, or null for anything else. */
export function suggestionNumber(id: string): number | null {
  const match = /^s([1-9][0-9]{0,15})$/.exec(id);
  return match ? Number(match[1]) : null;
}

export function unknownSuggestionError(id: string): Error {
  return new Error(`unknown suggestion id "${id}"`);
}

export function unknownTargetError(target: SuggestionTarget): Error {
  return new Error(`unknown ${target.type} "${target.id}"`);
}

/** Checks what both backends would otherwise store half-checked: bounds the schema cannot express. */
export function validateNewSuggestion(suggestion: NewSuggestion): void {
  const { confidence, value } = suggestion;
  if (!(confidence >= 0 && confidence <= 1)) throw new Error(`a suggestion's confidence must be 0..1, got ${confidence}`);
  if (value.trim() === '') throw new Error(`an empty ${suggestion.kind} suggestion cannot be stored`);
  for (const n of [suggestion.promptTokens, suggestion.completionTokens, suggestion.ms]) {
    if (!Number.isFinite(n) || n < 0) throw new Error(`a suggestion's tokens and time must be non-negative numbers, got ${n}`);
  }
}
