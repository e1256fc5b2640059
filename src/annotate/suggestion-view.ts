import type { StoredSuggestion, SuggestionKind } from '../catalog/suggestions.js';

/** A suggestion as programs see it (`facetag suggestions --json`, GET /api/suggestions): its target as personId or photoId. */
export type SuggestionView = ({ personId: string } | { photoId: string }) & {
  id: string;
  kind: SuggestionKind;
  value: string;
  evidence: string[];
  confidence: number;
  model: string;
};

export function suggestionView(s: StoredSuggestion): SuggestionView {
  const target = s.target.type === 'person' ? { personId: s.target.id } : { photoId: s.target.id };
  return { id: s.id, ...target, kind: s.kind, value: s.value, evidence: [...s.evidence], confidence: s.confidence, model: s.model };
}

/** How many pending suggestions each person has, for a mark in lists of people. */
export function pendingByPerson(pending: readonly StoredSuggestion[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of pending) if (s.status === 'pending' && s.target.type === 'person') counts.set(s.target.id, (counts.get(s.target.id) ?? 0) + 1);
  return counts;
}
