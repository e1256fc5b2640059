import type { StructuredReply } from '../llm/llm-client.js';
import type { NewSuggestion } from '../catalog/suggestions.js';
import type { PersonReply } from './prompts/person-v1.js';

/**
 * The suggestions in a model's reply about one person: a name (with its own confidence) when it gave one, the
 * description, and relations to the named companions it was shown (a relation to anyone else is the model's
 * invention and is left out). Pure: what is already rejected is filtered by the caller, which can ask the catalog.
 */
export function personSuggestions(
  personId: string,
  reply: StructuredReply<PersonReply>,
  companions: readonly string[],
  promptVersion: string,
): NewSuggestion[] {
  const { value } = reply;
  const common = {
    target: { type: 'person' as const, id: personId },
    model: reply.model,
    promptVersion,
    promptTokens: reply.promptTokens,
    completionTokens: reply.completionTokens,
    ms: reply.ms,
  };
  const known = new Map(companions.map((name) => [name.toLowerCase(), name]));
  const suggestions: NewSuggestion[] = [];
  if (value.name !== null && value.name.value.trim() !== '') {
    suggestions.push({ ...common, kind: 'name', value: value.name.value, evidence: value.name.evidence, confidence: value.name.confidence });
  }
  if (value.description.trim() !== '') {
    suggestions.push({ ...common, kind: 'description', value: value.description, evidence: [], confidence: value.confidence });
  }
  for (const relation of value.relations) {
    const companion = known.get(relation.person.trim().toLowerCase());
    if (companion === undefined) continue;
    suggestions.push({ ...common, kind: 'relation', value: `${relation.relation} of ${companion}`, evidence: relation.evidence, confidence: value.confidence });
  }
  return suggestions;
}
