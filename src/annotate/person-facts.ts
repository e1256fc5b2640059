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
  /** Captions and tags of their photos that the user accepted (from `facetag annotate --photos`). */
  captions: readonly string[];
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
    captions: await acceptedCaptions(library, new Set(photos.map((p) => p.sha256))),
  };
}

async function acceptedCaptions(library: Library, photos: ReadonlySet<string>): Promise<string[]> {
  const accepted = await library.catalog.listSuggestions({ status: 'accepted' });
  return accepted.flatMap((s) => (s.target.type === 'photo' && photos.has(s.target.id) && (s.kind === 'caption' || s.kind === 'tags') ? [s.value] : []));
}
