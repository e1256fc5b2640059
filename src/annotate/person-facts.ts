import type { StoredPhoto } from '../catalog/catalog.js';
import type { Library } from '../library/open-library.js';
import { requirePersonById } from '../people/person-lookup.js';
import { companionsOfPerson } from '../people/person-queries.js';

/** What the catalog knows about one person, as read: the raw material of the evidence given to a model. */
export interface PersonFacts {
  personId: string;
  photos: readonly Pick<StoredPhoto, 'path' | 'takenAt' | 'gps' | 'camera'>[];
  /** Named people seen on the same photos, with how many photos they share. */
  companions: readonly { name: string; photos: number }[];
  /** How many people without a name appear with the person. */
  unnamedCompanions: number;
}

/** Reads a person's photos and companions through the Catalog (the same answer on every backend). */
export async function gatherPersonFacts(library: Library, personId: string): Promise<PersonFacts> {
  await requirePersonById(library.catalog, personId);
  const photos = await library.catalog.photosWithPeople([personId]);
  const companions = await companionsOfPerson(library, personId);
  return {
    personId,
    photos: photos.map(({ path, takenAt, gps, camera }) => ({ path, takenAt, gps, camera })),
    companions: companions.flatMap((c) => (c.name === null ? [] : [{ name: c.name, photos: c.photos }])),
    unnamedCompanions: companions.filter((c) => c.name === null).length,
  };
}
