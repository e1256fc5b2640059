import type { Catalog, StoredPerson } from '../catalog/catalog.js';
import { NotFoundError } from '../library/library-errors.js';

/**
 * A person by id only. findPerson also matches names, so a request for an unknown "p99" could otherwise land on
 * someone named "P99"; programs address people by id.
 */
export async function requirePersonById(catalog: Catalog, personId: string): Promise<StoredPerson> {
  const person = await catalog.findPerson(personId);
  if (!person || person.id !== personId) throw new NotFoundError(`no person ${personId}`);
  return person;
}
