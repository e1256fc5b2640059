import type { Catalog } from '../catalog/catalog.js';

export interface ResolvedNames {
  /** Named people the names found, each once, spelled as the library spells them. */
  known: { id: string; name: string }[];
  /** Names no named person has. */
  unknown: string[];
}

/** Each name looked up as `facetag photos --person` does (exact, ignoring case); an id or an unnamed person is not a name. */
export async function resolveNames(catalog: Catalog, names: readonly string[]): Promise<ResolvedNames> {
  const known = new Map<string, string>();
  const unknown: string[] = [];
  for (const name of names) {
    const person = await catalog.findPerson(name.trim());
    if (person !== null && person.name !== null && person.name.toLowerCase() === name.trim().toLowerCase()) known.set(person.id, person.name);
    else if (!unknown.includes(name)) unknown.push(name);
  }
  return { known: [...known].map(([id, name]) => ({ id, name })), unknown };
}

/** Per photo, the captions and tags suggested for it that the user has not rejected, as one text to search. */
export async function photoTexts(catalog: Catalog): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const s of await catalog.listSuggestions()) {
    if (s.target.type !== 'photo' || s.status === 'rejected' || (s.kind !== 'caption' && s.kind !== 'tags')) continue;
    texts.set(s.target.id, `${texts.get(s.target.id) ?? ''}\n${s.value}`);
  }
  return texts;
}
