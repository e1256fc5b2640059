import { createHash } from 'node:crypto';
import { faceId, type Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { makeFace, makeInput } from '../catalog/catalog-fixtures.js';
import { InMemoryCatalogTestDouble } from './in-memory-catalog-double.js';
import type { SyntheticFace } from './synthetic.js';

/** A catalog holding synthetic faces, and the id each synthetic face got there. */
export interface CatalogFixture {
  catalog: Catalog;
  add(faces: readonly SyntheticFace[], pack: string): Promise<void>;
  idOf(face: SyntheticFace, pack: string): string;
}

/** The in-memory TEST DOUBLE keeps the synthetic ids. */
export function testDoubleFixture(): CatalogFixture & { catalog: InMemoryCatalogTestDouble } {
  const catalog = new InMemoryCatalogTestDouble();
  return {
    catalog,
    async add(faces, pack) {
      for (const f of faces) catalog.addFace({ id: f.id, photoSha256: f.photoId, pack, embedding: f.embedding, quality: f.quality });
    },
    idOf: (face) => face.id,
  };
}

/** The real SQLite catalog (in memory): faces are stored photo by photo, so ids come from photo hash, pack and index. */
export async function sqliteFixture(): Promise<CatalogFixture> {
  return storedFixture(await openSqliteCatalog(':memory:'));
}

/** Any real catalog, faces stored as sqliteFixture stores them. */
export function storedFixture(catalog: Catalog): CatalogFixture {
  const sha = (photoId: string) => createHash('sha256').update(photoId).digest('hex');
  const indexInPhoto = new Map<string, number>();
  return {
    catalog,
    async add(faces, pack) {
      const byPhoto = new Map<string, SyntheticFace[]>();
      for (const f of faces) byPhoto.set(f.photoId, [...(byPhoto.get(f.photoId) ?? []), f]);
      for (const [photoId, inPhoto] of byPhoto) {
        inPhoto.forEach((f, index) => indexInPhoto.set(`${pack}/${f.id}`, index));
        await catalog.storePhoto(
          makeInput({
            sha256: sha(photoId),
            path: `/photos/${pack}/${photoId}.jpg`,
            pack,
            faces: inPhoto.map((f, index) => makeFace(index, f.embedding, f.quality)),
          }),
        );
      }
    },
    idOf: (face, pack) => faceId(sha(face.photoId), pack, indexInPhoto.get(`${pack}/${face.id}`)!),
  };
}
