import type { Catalog } from '../catalog/catalog.js';
import { ConflictError, InvalidRequestError } from '../library/library-errors.js';
import { requireFaces } from './face-lookup.js';

/**
 * Names are unique ignoring case (the catalog's rule, with the backend's own idea of case). A clash is found before
 * anything is written, so creating a person with a taken name creates nobody; the catalog's own refusal, should
 * another writer take the name in between, is mapped to the same error.
 */
export async function assertNameFree(catalog: Catalog, name: string, forPersonId: string | null): Promise<void> {
  const wanted = name.trim();
  if (wanted === '') throw new InvalidRequestError('a person name cannot be empty');
  const holder = await catalog.findPerson(wanted);
  // findPerson tries ids first: a person found by id under this exact text says nothing about who holds the name.
  if (holder && holder.id !== forPersonId && holder.id !== wanted) {
    throw new ConflictError(`the name "${wanted}" is already used by person ${holder.id}; merge the two people instead`);
  }
}

/** Names a person, or with null un-names them. */
export async function renamePerson(catalog: Catalog, personId: string, name: string | null): Promise<void> {
  if (name !== null) await assertNameFree(catalog, name, personId);
  await catalogNaming(() => catalog.renamePerson(personId, name));
}

/** A new person (named or not) holding the given faces as the user's decision; nothing is created if a check fails. */
export async function createPersonWithFaces(catalog: Catalog, name: string | null, faceIds: readonly string[]): Promise<string> {
  if (name !== null) await assertNameFree(catalog, name, null);
  await requireFaces(catalog, faceIds);
  const created = await catalogNaming(() => catalog.createPerson(name));
  if (faceIds.length > 0) await catalog.assignFaces(faceIds.map((faceId) => ({ faceId, personId: created, source: 'user' as const })));
  return created;
}

async function catalogNaming<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/already used by person/.test(message)) throw new ConflictError(message);
    if (/cannot be empty/.test(message)) throw new InvalidRequestError(message);
    throw err;
  }
}
