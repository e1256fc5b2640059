import type { Catalog, StoredPerson } from '../catalog/catalog.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../library/library-errors.js';
import { requireFaces } from './face-lookup.js';

/** The user's corrections. Each one is also recorded as a constraint so that no later clustering undoes it. */

export async function requirePerson(catalog: Catalog, idOrName: string): Promise<StoredPerson> {
  const person = await catalog.findPerson(idOrName);
  if (!person) throw new NotFoundError(`no person "${idOrName}" (use an id such as p12 or an exact name; see facetag people)`);
  return person;
}

async function requireFacesOf(catalog: Catalog, personId: string, faceIds: readonly string[]): Promise<void> {
  const own = new Set((await catalog.listFaces({ personId })).map((f) => f.id));
  const foreign = faceIds.filter((id) => !own.has(id));
  // A face that does not exist at all is unknown (404); one that exists elsewhere is a stale view (409).
  await requireFaces(catalog, foreign);
  if (foreign.length > 0) throw new ConflictError(`face${foreign.length > 1 ? 's' : ''} ${foreign.join(', ')} not in person ${personId}`);
}

/** Moves faces out of a person into a new one; the two are never merged again and the faces never return. */
export async function splitPerson(catalog: Catalog, idOrName: string, faceIds: readonly string[]): Promise<string> {
  if (faceIds.length === 0) throw new InvalidRequestError('name at least one face to split off (see facetag person show)');
  const person = await requirePerson(catalog, idOrName);
  await requireFacesOf(catalog, person.id, faceIds);
  const created = await catalog.createPerson(null);
  await catalog.assignFaces(faceIds.map((faceId) => ({ faceId, personId: created, source: 'user' as const })));
  for (const faceId of faceIds) await catalog.addConstraint({ kind: 'not-person', faceId, personId: person.id });
  await catalog.addConstraint({ kind: 'different-people', personA: person.id, personB: created });
  return created;
}

/** "Not this person": the faces leave the person for good and may be grouped with someone else later. */
export async function rejectFaces(catalog: Catalog, idOrName: string, faceIds: readonly string[]): Promise<void> {
  const person = await requirePerson(catalog, idOrName);
  await requireFacesOf(catalog, person.id, faceIds);
  for (const faceId of faceIds) await catalog.addConstraint({ kind: 'not-person', faceId, personId: person.id });
  await catalog.assignFaces(faceIds.map((faceId) => ({ faceId, personId: null, source: 'auto' as const })));
}

/** Puts faces into a person as the user's decision (from anywhere, including unassigned). */
export async function moveFaces(catalog: Catalog, faceIds: readonly string[], toIdOrName: string): Promise<void> {
  const person = await requirePerson(catalog, toIdOrName);
  await requireFaces(catalog, faceIds);
  await catalog.assignFaces(faceIds.map((faceId) => ({ faceId, personId: person.id, source: 'user' as const })));
}

export async function mergeInto(catalog: Catalog, intoIdOrName: string, fromIdsOrNames: readonly string[]): Promise<StoredPerson> {
  const into = await requirePerson(catalog, intoIdOrName);
  const constraints = await catalog.listConstraints();
  for (const fromName of fromIdsOrNames) {
    const from = await requirePerson(catalog, fromName);
    if (from.id === into.id) throw new InvalidRequestError(`cannot merge ${into.id} into itself`);
    const separated = constraints.some(
      (c) => c.kind === 'different-people' && ((c.personA === into.id && c.personB === from.id) || (c.personA === from.id && c.personB === into.id)),
    );
    // The user said earlier that these are different people; an explicit merge now overrides it.
    if (separated) process.emitWarning(`merging ${from.id} into ${into.id} although they were split before`);
    await catalog.mergePeople(into.id, from.id);
  }
  return requirePerson(catalog, into.id);
}
