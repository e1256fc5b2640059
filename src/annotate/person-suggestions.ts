import type { StructuredReply } from '../llm/llm-client.js';
import type { NewSuggestion } from '../catalog/suggestions.js';
import type { PersonReply } from './prompts/person-v1.js';

/** What a reply about a person is checked against: the names around them and the text a name may come from. */
export interface PersonReplyContext {
  /** Named people seen with the person, as the library spells them. */
  companions: readonly string[];
  /** Folder names, file names and accepted captions of their photos: where a name can come from. */
  namingMaterial: string;
}

/**
 * The suggestions in a model's reply about one person: a name (with its own confidence) when it gave one and the
 * material bears it out, the description, and relations to the named companions it was shown. Left out as the
 * model's invention: a name none of whose words (3 letters or more) occurs in the folder names, file names or
 * captions, a companion's name, and a relation to anyone it was not shown. Pure: what is already rejected is
 * filtered by the caller, which can ask the catalog.
 */
export function personSuggestions(personId: string, reply: StructuredReply<PersonReply>, context: PersonReplyContext, promptVersion: string): NewSuggestion[] {
  const { companions } = context;
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
  if (value.name !== null && nameBorneOut(value.name.value, context.namingMaterial) && !known.has(value.name.value.trim().toLowerCase())) {
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

function nameBorneOut(name: string, material: string): boolean {
  const text = material.toLowerCase();
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .some((word) => word.length >= 3 && text.includes(word));
}
