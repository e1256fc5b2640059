import type { Catalog, StoredPerson } from '../catalog/catalog.js';
import { pageOf, type Page, type PageRequest } from '../library/page.js';
import { personViews, type PersonView } from './person-view.js';

export type PeopleSort = 'faces' | 'name' | 'recent';
/** all, named and unnamed leave hidden people out (strangers the user put away); hidden lists only them. */
export type PeopleFilter = 'all' | 'named' | 'unnamed' | 'hidden';

export interface PeopleQuery extends PageRequest {
  sort?: PeopleSort;
  filter?: PeopleFilter;
  /** Part of a name, ignoring case; unnamed people never match. */
  q?: string;
}

/**
 * A page of people. Filtering and sorting happen here over listPeople (one query, which also gives each person's
 * best face for the thumbnail). Sorting by `recent` needs every person's latest photo, read from all faces and
 * photos: an index-backed "people by latest capture time" catalog query belongs there for big libraries.
 */
export async function listPeoplePage(catalog: Catalog, query: PeopleQuery = {}): Promise<Page<PersonView>> {
  const filter = query.filter ?? 'all';
  const people = (await catalog.listPeople({ includeHidden: filter === 'hidden' })).filter((p) => keeps(filter, p) && matchesName(p, query.q));
  const sorted = await sortPeople(catalog, people, query.sort ?? 'faces');
  const page = pageOf(sorted, query);
  return { total: page.total, items: personViews(page.items) };
}

/** People whose name contains `q` ignoring case, hidden ones included (a search should find them), best match first. */
export async function searchPeople(catalog: Catalog, q: string): Promise<PersonView[]> {
  const wanted = q.trim().toLocaleLowerCase();
  if (wanted === '') return [];
  const found = (await catalog.listPeople({ includeHidden: true })).filter((p) => matchesName(p, wanted));
  // A name starting with the text ranks above one merely containing it; then more faces first (the catalog's order).
  const starts = (p: StoredPerson) => Number(!p.name!.toLocaleLowerCase().startsWith(wanted));
  return personViews(found.sort((a, b) => starts(a) - starts(b)));
}

function keeps(filter: PeopleFilter, person: StoredPerson): boolean {
  switch (filter) {
    case 'all': return !person.hidden;
    case 'named': return !person.hidden && person.name !== null;
    case 'unnamed': return !person.hidden && person.name === null;
    case 'hidden': return person.hidden;
  }
}

function matchesName(person: StoredPerson, q: string | undefined): boolean {
  const wanted = q?.trim().toLocaleLowerCase() ?? '';
  if (wanted === '') return true;
  return person.name !== null && person.name.toLocaleLowerCase().includes(wanted);
}

const idNumber = (p: StoredPerson): number => Number(p.id.slice(1));

async function sortPeople(catalog: Catalog, people: StoredPerson[], sort: PeopleSort): Promise<StoredPerson[]> {
  const byFaces = (a: StoredPerson, b: StoredPerson) => b.faces - a.faces || idNumber(a) - idNumber(b);
  if (sort === 'faces') return people.sort(byFaces);
  if (sort === 'name') {
    // Named people A to Z (accents and case as a reader expects), the unnamed after them by faces.
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    return people.sort((a, b) =>
      a.name !== null && b.name !== null ? collator.compare(a.name, b.name) || idNumber(a) - idNumber(b) : Number(a.name === null) - Number(b.name === null) || byFaces(a, b),
    );
  }
  const latest = await latestCaptureByPerson(catalog);
  // Most recently photographed first; people without a dated photo last, newest person first among them.
  return people.sort((a, b) => (latest.get(b.id) ?? '').localeCompare(latest.get(a.id) ?? '') || idNumber(b) - idNumber(a));
}

async function latestCaptureByPerson(catalog: Catalog): Promise<Map<string, string>> {
  const takenAt = new Map((await catalog.listPhotos()).map((p) => [p.sha256, p.takenAt]));
  const latest = new Map<string, string>();
  for (const face of await catalog.listFaces()) {
    const at = takenAt.get(face.photoSha256);
    if (face.personId === null || !at) continue;
    if ((latest.get(face.personId) ?? '') < at) latest.set(face.personId, at);
  }
  return latest;
}
