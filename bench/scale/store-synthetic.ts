/** Fills a catalog with synthetic faces through its own API, and gives the already-known people their faces. */
import { faceId, type Catalog } from '../../src/catalog/catalog.js';
import { benchFace, benchPhoto } from '../knn/random-faces.js';
import { decisionsDigest } from '../../src/clustering/decisions-digest.js';
import { SettledFaces } from '../../src/clustering/settled-faces.js';
import type { SyntheticFaces } from './synthetic-faces.js';

const PHOTOS_PER_TRANSACTION = 500;
const PEOPLE_PER_TRANSACTION = 1_000;

/** The catalog id of the face stored at `position`. */
export function faceIdAt(faces: SyntheticFaces, position: number, pack: string): string {
  const photo = benchPhoto(Math.floor(position / faces.facesPerPhoto), [], pack);
  return faceId(photo.meta.sha256, pack, position % faces.facesPerPhoto);
}

/** Stores the photos holding positions [from, to) (whole photos), a few hundred photos to a write transaction. */
export async function storeSynthetic(catalog: Catalog, faces: SyntheticFaces, pack: string, from: number, to: number): Promise<void> {
  const perPhoto = faces.facesPerPhoto;
  for (let photo = from / perPhoto; photo < to / perPhoto; photo += PHOTOS_PER_TRANSACTION) {
    const last = Math.min(to / perPhoto, photo + PHOTOS_PER_TRANSACTION);
    const inputs = [];
    for (let p = photo; p < last; p++) {
      inputs.push(benchPhoto(p, Array.from({ length: perPhoto }, (_, slot) => benchFace(slot, faces.embedding(p * perPhoto + slot))), pack));
    }
    await catalog.storePhotos(inputs);
  }
}

/**
 * The library as a previous clustering would have left it, taken from the generator's truth: every person with two or
 * more of the faces before `upTo` is a person with those faces; singletons stay without a person.
 */
export async function assignKnownPeople(catalog: Catalog, faces: SyntheticFaces, pack: string, upTo: number): Promise<number> {
  const groups = new Map<number, string[]>();
  for (let position = 0; position < upTo; position++) {
    const person = faces.personOf[position]!;
    if (faces.sizes[person]! < 2) continue;
    const group = groups.get(person);
    if (group) group.push(faceIdAt(faces, position, pack));
    else groups.set(person, [faceIdAt(faces, position, pack)]);
  }
  const newPeople = [...groups.values()].filter((g) => g.length >= 2);
  // As many past runs would have: one transaction for 100,000 faces outgrew the test Neo4j's transaction memory (358 MB).
  for (let start = 0; start < newPeople.length; start += PEOPLE_PER_TRANSACTION) {
    await catalog.applyClustering({ assignments: [], newPeople: newPeople.slice(start, start + PEOPLE_PER_TRANSACTION), deletePeople: [] });
  }
  return newPeople.length;
}

/**
 * The library the scale benchmark works on: all but the last `newFaces` faces stored and sorted into their true
 * people (as a past clustering would have), then the new ones stored without a person. Returns the known people.
 */
export async function storeLibrary(catalog: Catalog, faces: SyntheticFaces, pack: string, newFaces: number): Promise<number> {
  const known = faces.faces - newFaces;
  await storeSynthetic(catalog, faces, pack, 0, known);
  const people = await assignKnownPeople(catalog, faces, pack, known);
  // The faces that past clustering left alone, as it records them for the next run (the code before ignores it).
  await settleUnassigned(catalog, pack);
  await storeSynthetic(catalog, faces, pack, known, faces.faces);
  return people;
}

/** Records every face now without a person as settled, as the clustering run that left them so does. */
async function settleUnassigned(catalog: Catalog, pack: string): Promise<void> {
  const [faces, constraints, people] = await Promise.all([catalog.listFaces({ pack }), catalog.listConstraints(), catalog.listPeople({ includeHidden: true })]);
  const unassigned = faces.flatMap((f) => (f.personId === null && f.source !== 'user' ? [f.id] : []));
  await SettledFaces.store(catalog, pack, decisionsDigest(faces, constraints, people), unassigned);
}
