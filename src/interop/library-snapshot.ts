import type { Catalog, StoredFace, StoredPerson, StoredPhoto } from '../catalog/catalog.js';

/** The part of the catalog an export reads; a full Catalog fits, and so does a small test double. */
export type ExportCatalog = Pick<Catalog, 'listPhotos' | 'listFaces' | 'listPeople'>;

/** Everything an export needs, read from the catalog once and put in a stable order so exports diff cleanly. */
export interface LibrarySnapshot {
  /** Sorted by path. */
  photos: StoredPhoto[];
  /** The exported faces of each photo (by sha256), in detection order. */
  facesByPhoto: ReadonlyMap<string, StoredFace[]>;
  /** Every person, hidden ones too, sorted by id (p2 before p12). */
  people: StoredPerson[];
  peopleById: ReadonlyMap<string, StoredPerson>;
}

export async function readLibrarySnapshot(catalog: ExportCatalog): Promise<LibrarySnapshot> {
  const [photos, faces, people] = await Promise.all([
    catalog.listPhotos(),
    catalog.listFaces(),
    catalog.listPeople({ includeHidden: true }),
  ]);

  // A photo's faces are those of the pack it was last analysed with. The catalog drops older packs' faces on
  // re-analysis; this guard keeps an export free of duplicates should a backend ever keep them.
  const packOf = new Map(photos.map((p) => [p.sha256, p.pack]));
  const facesByPhoto = new Map<string, StoredFace[]>();
  for (const face of faces) {
    if (packOf.get(face.photoSha256) !== face.pack) continue;
    const list = facesByPhoto.get(face.photoSha256);
    if (list) list.push(face);
    else facesByPhoto.set(face.photoSha256, [face]);
  }
  for (const list of facesByPhoto.values()) list.sort((a, b) => a.index - b.index);

  const sortedPeople = [...people].sort((a, b) => naturalCompare(a.id, b.id));
  return {
    photos: [...photos].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    facesByPhoto,
    people: sortedPeople,
    peopleById: new Map(sortedPeople.map((p) => [p.id, p])),
  };
}

const collator = new Intl.Collator('en', { numeric: true });

function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}
