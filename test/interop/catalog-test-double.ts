import type { Catalog, FaceAssignment, StoredFace, StoredPerson, StoredPhoto, StorePhotoInput } from '../../src/catalog/catalog.js';
import { faceId } from '../../src/catalog/catalog.js';

/**
 * TEST DOUBLE, not a catalog: just the Catalog methods the interop tests fill and read, kept in memory.
 * Stands in until openSqliteCatalog(':memory:') lands in src/catalog/sqlite/; then the tests should use the real one
 * (they only talk to it through these Catalog methods, so the swap is one line in each test file).
 */
export type InteropTestCatalog = Pick<
  Catalog,
  'storePhoto' | 'createPerson' | 'assignFaces' | 'renamePerson' | 'setHidden' | 'listPhotos' | 'listFaces' | 'listPeople' | 'close'
>;

export function createCatalogTestDouble(): InteropTestCatalog {
  const photos = new Map<string, StoredPhoto>();
  const faces = new Map<string, StoredFace>();
  const people = new Map<string, { id: string; name: string | null; hidden: boolean }>();
  let nextPerson = 1;

  const personView = (p: { id: string; name: string | null; hidden: boolean }): StoredPerson => {
    const own = [...faces.values()].filter((f) => f.personId === p.id);
    return {
      ...p,
      faces: own.length,
      photos: new Set(own.map((f) => f.photoSha256)).size,
      samplePath: own.length > 0 ? (photos.get(own[0]!.photoSha256)?.path ?? null) : null,
    };
  };

  return {
    async storePhoto(input: StorePhotoInput) {
      // Like the SQLite catalog: the same content and pack changes nothing; another pack replaces the faces.
      const earlier = photos.get(input.meta.sha256);
      if (earlier?.pack === input.pack) return;
      for (const [id, face] of faces) if (face.photoSha256 === input.meta.sha256) faces.delete(id);
      photos.set(input.meta.sha256, { ...input.meta, path: earlier?.path ?? input.file.path, pack: input.pack });
      for (const found of input.faces) {
        const id = faceId(input.meta.sha256, input.pack, found.index);
        faces.set(id, {
          id,
          photoSha256: input.meta.sha256,
          index: found.index,
          box: found.box,
          score: found.score,
          landmarks: found.landmarks,
          quality: found.quality,
          pack: input.pack,
          personId: null,
          source: null,
        });
      }
    },
    async createPerson(name?: string | null) {
      const id = `p${nextPerson++}`;
      people.set(id, { id, name: name ?? null, hidden: false });
      return id;
    },
    async assignFaces(assignments: readonly FaceAssignment[]) {
      for (const a of assignments) {
        const face = faces.get(a.faceId);
        if (!face) throw new Error(`test double: no face ${a.faceId}`);
        if (a.personId !== null && !people.has(a.personId)) throw new Error(`test double: no person ${a.personId}`);
        faces.set(a.faceId, { ...face, personId: a.personId, source: a.personId === null ? null : a.source });
      }
    },
    async renamePerson(personId: string, name: string) {
      const person = people.get(personId);
      if (!person) throw new Error(`test double: no person ${personId}`);
      person.name = name;
    },
    async setHidden(personId: string, hidden: boolean) {
      const person = people.get(personId);
      if (!person) throw new Error(`test double: no person ${personId}`);
      person.hidden = hidden;
    },
    async listPhotos() {
      return [...photos.values()].map((p) => ({ ...p }));
    },
    async listFaces(filter = {}) {
      return [...faces.values()]
        .filter((f) => filter.pack === undefined || f.pack === filter.pack)
        .filter((f) => filter.photoSha256 === undefined || f.photoSha256 === filter.photoSha256)
        .filter((f) => filter.personId === undefined || f.personId === filter.personId)
        .map((f) => ({ ...f }));
    },
    async listPeople(options = {}) {
      return [...people.values()].filter((p) => options.includeHidden || !p.hidden).map(personView);
    },
    async close() {},
  };
}
