import type { ImportedPerson } from './catalog.js';

/**
 * Validates people to import (shared by the backends): p<number> ids, each once; names trimmed, non-empty and
 * unique ignoring case. Returns them with trimmed names.
 */
export function checkImportedPeople(people: readonly ImportedPerson[]): ImportedPerson[] {
  const ids = new Set<string>();
  const names = new Map<string, string>();
  return people.map(({ id, name, hidden }) => {
    if (!/^p[1-9][0-9]{0,14}$/.test(id)) throw new Error(`cannot import person "${id}": ids are p<number>`);
    if (ids.has(id)) throw new Error(`cannot import person ${id} twice`);
    ids.add(id);
    if (typeof hidden !== 'boolean') throw new Error(`cannot import person ${id}: hidden must be true or false`);
    if (name === null) return { id, name, hidden };
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new Error(`cannot import person ${id}: a person name cannot be empty`);
    const key = trimmed.toLowerCase();
    const other = names.get(key);
    if (other !== undefined) throw new Error(`cannot import ${id}: the name "${trimmed}" is also given to ${other}`);
    names.set(key, id);
    return { id, name: trimmed, hidden };
  });
}

export function personNumber(id: string): number {
  return Number(id.slice(1));
}
