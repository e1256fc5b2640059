import type { Catalog } from '../catalog/catalog.js';
import type { StoredSuggestion } from '../catalog/suggestions.js';
import { NotFoundError } from '../library/library-errors.js';

/** What deciding needs: the catalog, and the way the user names a person (the same service `person name` uses). */
export interface DecisionPorts {
  catalog: Catalog;
  renamePerson(personId: string, name: string): Promise<unknown>;
}

/**
 * The user's yes: an accepted name names the person exactly as `facetag person name` would (a name someone else
 * has is refused, and the suggestion stays as it was); other kinds are marked accepted. Answers the suggestion as
 * it was before the decision.
 */
export async function acceptSuggestion(ports: DecisionPorts, id: string): Promise<StoredSuggestion> {
  const suggestion = await requireSuggestion(ports.catalog, id);
  if (suggestion.kind === 'name' && suggestion.target.type === 'person') await ports.renamePerson(suggestion.target.id, suggestion.value);
  await ports.catalog.decideSuggestion(id, 'accepted');
  return suggestion;
}

/** The user's no: a rejected value is never suggested again for the same person or photo. */
export async function rejectSuggestion(catalog: Catalog, id: string): Promise<StoredSuggestion> {
  const suggestion = await requireSuggestion(catalog, id);
  await catalog.decideSuggestion(id, 'rejected');
  return suggestion;
}

async function requireSuggestion(catalog: Catalog, id: string): Promise<StoredSuggestion> {
  const suggestion = await catalog.getSuggestion(id);
  if (suggestion === null) throw new NotFoundError(`no suggestion ${id}: see facetag suggestions`);
  return suggestion;
}
