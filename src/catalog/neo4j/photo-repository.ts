import type { StoredFile, StoredPhoto, StorePhotoInput } from '../catalog.js';
import type { FoundFace } from '../../domain/types.js';
import { CoAppearanceTracker } from './co-appearances.js';
import type { Transaction } from './connection.js';
import type { FaceRepository } from './face-repository.js';
import { requirePeople } from './person-lookup.js';
import { forgetAbandonedPeople, forgetUnreachablePhotos, peopleWithFacesOn } from './orphan-cleanup.js';
import {
  FILE_PROJECTION,
  fileProperties,
  PHOTO_PATH_SUBQUERY,
  PHOTO_PROJECTION,
  photoProperties,
  toStoredFile,
  toStoredPhoto,
} from './records.js';
import type { VectorSpace } from './vector-space.js';

/** Photos, the files (paths) that hold them, and the clean-up when content becomes unreachable. */
export class PhotoRepository {
  constructor(private readonly faces: FaceRepository) {}

  async getFile(tx: Transaction, path: string): Promise<StoredFile | null> {
    const result = await tx.run(`MATCH (file:File {path: $path}) RETURN ${FILE_PROJECTION}`, { path });
    const record = result.records[0];
    return record ? toStoredFile(record) : null;
  }

  async isPhotoScanned(tx: Transaction, sha256: string, pack: string): Promise<boolean> {
    return (await this.packOf(tx, sha256)) === pack;
  }

  /**
   * The caller validated the input, created the space's vector index (schema cannot change inside this
   * transaction) and holds the write transaction. Writes the photo, then its path, then its faces.
   */
  async storePhoto(tx: Transaction, input: StorePhotoInput, space: VectorSpace | null): Promise<void> {
    const { file, meta, pack } = input;
    const coAppearances = new CoAppearanceTracker();
    const storedPack = await this.packOf(tx, meta.sha256);
    const affectedPeople = new Set<string>();
    if (storedPack === null) {
      await tx.run('CREATE (p:Photo) SET p = $photo', { photo: photoProperties(meta, pack) });
      await this.pointPathAt(tx, file, affectedPeople, coAppearances);
      await this.insertFaces(tx, input, space);
    } else if (storedPack !== pack) {
      // Re-analysis with another pack: the old faces (and their assignments) belong to another embedding space.
      for (const personId of await peopleWithFacesOn(tx, [meta.sha256])) affectedPeople.add(personId);
      await coAppearances.touchPhotos(tx, [meta.sha256]);
      await this.faces.deleteFacesOfPhoto(tx, meta.sha256);
      await tx.run('MATCH (p:Photo {sha256: $sha256}) SET p = $photo', { sha256: meta.sha256, photo: photoProperties(meta, pack) });
      await this.pointPathAt(tx, file, affectedPeople, coAppearances);
      await this.insertFaces(tx, input, space);
    } else {
      // Same content and pack: the faces are already there, possibly assigned; only the path is (re)recorded.
      await this.pointPathAt(tx, file, affectedPeople, coAppearances);
    }
    await forgetAbandonedPeople(tx, affectedPeople);
    await coAppearances.apply(tx);
  }

  /** The caller validated the faces and created the space's vector index, as for storePhoto. */
  async addFaces(tx: Transaction, photoSha256: string, pack: string, faces: readonly FoundFace[], space: VectorSpace): Promise<void> {
    const storedPack = await this.packOf(tx, photoSha256);
    if (storedPack === null) throw new Error(`addFaces: no photo with sha256 ${photoSha256} is stored`);
    if (storedPack !== pack) throw new Error(`addFaces: photo ${photoSha256} is analysed with ${storedPack}, not ${pack}`);
    await this.faces.insertFaces(tx, photoSha256, pack, faces, space);
  }

  async linkFile(tx: Transaction, file: StoredFile): Promise<void> {
    if ((await this.packOf(tx, file.sha256)) === null) {
      throw new Error(`linkFile(${file.path}): no photo with sha256 ${file.sha256} is stored; store the photo first`);
    }
    const coAppearances = new CoAppearanceTracker();
    const affectedPeople = new Set<string>();
    await this.pointPathAt(tx, file, affectedPeople, coAppearances);
    await forgetAbandonedPeople(tx, affectedPeople);
    await coAppearances.apply(tx);
  }

  async listFiles(tx: Transaction, prefix: string): Promise<StoredFile[]> {
    // STARTS WITH compares literally (no wildcards) and can use the uniqueness index on path.
    const result = await tx.run(
      `MATCH (file:File) WHERE file.path STARTS WITH $prefix
       RETURN ${FILE_PROJECTION}
       ORDER BY path`,
      { prefix },
    );
    return result.records.map(toStoredFile);
  }

  async removeFiles(tx: Transaction, paths: readonly string[]): Promise<number> {
    const unique = [...new Set(paths)];
    if (unique.length === 0) return 0;
    const removed = await tx.run(
      `UNWIND $paths AS path
       MATCH (file:File {path: path})
       OPTIONAL MATCH (file)-[:HOLDS]->(p:Photo)
       WITH file, p.sha256 AS sha256
       DETACH DELETE file
       RETURN sha256`,
      { paths: unique },
    );
    const coAppearances = new CoAppearanceTracker();
    const touched = removed.records.map((record) => record.get('sha256') as string | null).filter((sha) => sha !== null);
    await forgetAbandonedPeople(tx, await forgetUnreachablePhotos(tx, touched, coAppearances));
    await coAppearances.apply(tx);
    return removed.records.length;
  }

  async getPhoto(tx: Transaction, sha256: string): Promise<StoredPhoto | null> {
    const result = await tx.run(
      `MATCH (p:Photo {sha256: $sha256})
       ${PHOTO_PATH_SUBQUERY}
       RETURN ${PHOTO_PROJECTION}`,
      { sha256 },
    );
    const record = result.records[0];
    return record ? toStoredPhoto(record) : null;
  }

  async listPhotos(tx: Transaction): Promise<StoredPhoto[]> {
    const result = await tx.run(
      `MATCH (p:Photo)
       ${PHOTO_PATH_SUBQUERY}
       RETURN ${PHOTO_PROJECTION}
       ORDER BY path, p.sha256`,
    );
    return result.records.map(toStoredPhoto);
  }

  /** With no people given, every photo qualifies. */
  async photosWithPeople(tx: Transaction, personIds: readonly string[]): Promise<StoredPhoto[]> {
    const people = [...new Set(personIds)];
    if (people.length === 0) return this.listPhotos(tx);
    await requirePeople(tx, people);
    const result = await tx.run(
      `MATCH (person:Person)<-[:OF]-(:Face)-[:IN]->(p:Photo)
       WHERE person.id IN $ids
       WITH p, count(DISTINCT person) AS shown
       WHERE shown = $count
       ${PHOTO_PATH_SUBQUERY}
       RETURN ${PHOTO_PROJECTION}
       ORDER BY path, p.sha256`,
      { ids: people, count: people.length },
    );
    return result.records.map(toStoredPhoto);
  }

  private async packOf(tx: Transaction, sha256: string): Promise<string | null> {
    const result = await tx.run('MATCH (p:Photo {sha256: $sha256}) RETURN p.pack AS pack', { sha256 });
    return (result.records[0]?.get('pack') as string | undefined) ?? null;
  }

  private async insertFaces(tx: Transaction, input: StorePhotoInput, space: VectorSpace | null): Promise<void> {
    if (input.faces.length === 0) return;
    if (space === null) throw new Error(`storePhoto(${input.file.path}): no vector index was prepared for the faces`);
    await this.faces.insertFaces(tx, input.meta.sha256, input.pack, input.faces, space);
  }

  /**
   * Records the path; if it used to hold other content (edited in place), that content may now be unreachable
   * and is forgotten. People who lose faces that way are added to affectedPeople.
   */
  private async pointPathAt(
    tx: Transaction,
    file: StoredFile,
    affectedPeople: Set<string>,
    coAppearances: CoAppearanceTracker,
  ): Promise<void> {
    const result = await tx.run(
      `OPTIONAL MATCH (:File {path: $file.path})-[:HOLDS]->(previous:Photo)
       WITH previous.sha256 AS previousSha256
       MERGE (file:File {path: $file.path})
       SET file += $file
       WITH file, previousSha256
       CALL (file) { MATCH (file)-[held:HOLDS]->() DELETE held }
       WITH file, previousSha256
       MATCH (p:Photo {sha256: $file.sha256})
       CREATE (file)-[:HOLDS]->(p)
       RETURN previousSha256`,
      { file: fileProperties(file) },
    );
    const previousSha256 = result.records[0]?.get('previousSha256') as string | null | undefined;
    if (previousSha256 !== undefined && previousSha256 !== null && previousSha256 !== file.sha256) {
      for (const personId of await forgetUnreachablePhotos(tx, [previousSha256], coAppearances)) affectedPeople.add(personId);
    }
  }
}
