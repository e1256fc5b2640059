import type { StoredPhoto } from '../catalog/catalog.js';
import { companionsOf, type Companion } from '../catalog/neo4j/graph-queries.js';
import type { Neo4jCatalog } from '../catalog/neo4j/neo4j-catalog.js';
import type { Library } from '../library/open-library.js';

export type { Companion } from '../catalog/neo4j/graph-queries.js';

/**
 * The person's photos in capture order (EXIF time as stored); photos without a capture time come last, by path.
 * The same answer on every backend, through the Catalog interface.
 */
export async function timelineOf(library: Library, personId: string): Promise<StoredPhoto[]> {
  const photos = await library.catalog.photosWithPeople([personId]);
  return photos.sort(
    (a, b) =>
      Number(a.takenAt === null) - Number(b.takenAt === null) ||
      (a.takenAt ?? '').localeCompare(b.takenAt ?? '') ||
      a.path.localeCompare(b.path) ||
      a.sha256.localeCompare(b.sha256),
  );
}

/**
 * Who appears with the person, most shared photos first. A graph keeps these counts up to date as
 * (:Person)-[:APPEARS_WITH]->(:Person) and answers at once; the embedded catalog counts from the person's photos.
 */
export async function companionsOfPerson(library: Library, personId: string): Promise<Companion[]> {
  if (library.kind === 'graph') return companionsOf(library.catalog as Neo4jCatalog, personId);
  const { catalog } = library;
  const shared = new Map<string, number>();
  for (const photo of await catalog.photosWithPeople([personId])) {
    const others = new Set((await catalog.listFaces({ photoSha256: photo.sha256 })).map((f) => f.personId));
    others.delete(personId);
    others.delete(null);
    for (const other of others) shared.set(other!, (shared.get(other!) ?? 0) + 1);
  }
  const names = new Map((await catalog.listPeople({ includeHidden: true })).map((p) => [p.id, p.name]));
  return [...shared]
    .map(([id, photos]) => ({ personId: id, name: names.get(id) ?? null, photos }))
    .sort((a, b) => b.photos - a.photos || Number(a.personId.slice(1)) - Number(b.personId.slice(1)));
}
