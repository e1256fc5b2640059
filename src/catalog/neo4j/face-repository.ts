import neo4j from 'neo4j-driver';
import type { EmbeddingPage, FaceWithEmbedding, Neighbour, NeighbourSearchKind, StoredFace } from '../catalog.js';
import type { FoundFace } from '../../domain/types.js';
import type { Transaction } from './connection.js';
import { FACE_PROJECTION, faceRow, toEmbedding, toStoredFace } from './records.js';
import type { VectorIndexes } from './vector-indexes.js';
import { cypherLabel, type VectorSpace } from './vector-space.js';

export interface FaceFilter {
  pack?: string;
  photoSha256?: string;
  personId?: string;
}

/** Where a face listing starts, chosen by the filter so that the planner can begin from a unique lookup. */
const FACE_MATCH = {
  byPerson: 'MATCH (person:Person {id: $personId})<-[r:OF]-(f:Face)-[:IN]->(p:Photo)',
  byPhoto: 'MATCH (p:Photo {sha256: $photoSha256})<-[:IN]-(f:Face) OPTIONAL MATCH (f)-[r:OF]->(person:Person)',
  all: 'MATCH (f:Face)-[:IN]->(p:Photo) OPTIONAL MATCH (f)-[r:OF]->(person:Person)',
} as const;

export class FaceRepository {
  constructor(private readonly vectors: VectorIndexes) {}

  /**
   * Creates the faces of one photo in one statement; the caller validated them, holds the write transaction and
   * made sure the space's vector index exists. The embedding goes through setNodeVectorProperty, which stores it
   * as a float32 array: half the size of a list of doubles, and float32 is what the faces were computed in.
   */
  async insertFaces(tx: Transaction, photoSha256: string, pack: string, faces: readonly FoundFace[], space: VectorSpace): Promise<void> {
    if (faces.length === 0) return;
    // The space is recorded in the same statement: it exists exactly when some store of its faces committed.
    await tx.run(
      `MERGE (v:VectorSpace {label: $label})
       ON CREATE SET v.pack = $pack, v.dimensions = $dimensions, v.indexName = $indexName
       WITH v
       MATCH (p:Photo {sha256: $photoSha256})
       UNWIND $faces AS face
       CREATE (f:Face:$($label) {
         id: face.id, index: face.index, box: face.box, score: face.score, landmarks: face.landmarks,
         quality: face.quality, pack: $pack
       })-[:IN]->(p)
       WITH f, face
       CALL db.create.setNodeVectorProperty(f, 'embedding', face.embedding)`,
      {
        photoSha256,
        pack,
        label: cypherLabel(space.label),
        dimensions: neo4j.int(space.dimensions),
        indexName: space.indexName,
        faces: faces.map((face) => faceRow(photoSha256, pack, face)),
      },
    );
  }

  async deleteFacesOfPhoto(tx: Transaction, photoSha256: string): Promise<void> {
    await tx.run('MATCH (:Photo {sha256: $photoSha256})<-[:IN]-(f:Face) DETACH DELETE f', { photoSha256 });
  }

  async listFaces(tx: Transaction, filter: FaceFilter = {}): Promise<StoredFace[]> {
    const start =
      filter.personId !== undefined ? FACE_MATCH.byPerson : filter.photoSha256 !== undefined ? FACE_MATCH.byPhoto : FACE_MATCH.all;
    const result = await tx.run(
      `${start}
       WITH f, p, r, person
       WHERE ($pack IS NULL OR f.pack = $pack) AND ($photoSha256 IS NULL OR p.sha256 = $photoSha256)
       RETURN ${FACE_PROJECTION}
       ORDER BY photoSha256, index`,
      { pack: filter.pack ?? null, photoSha256: filter.photoSha256 ?? null, personId: filter.personId ?? null },
    );
    return result.records.map(toStoredFace);
  }

  async listFacesWithEmbeddings(tx: Transaction, pack: string, unassignedOnly: boolean): Promise<FaceWithEmbedding[]> {
    const result = await tx.run(
      `MATCH (f:Face {pack: $pack})-[:IN]->(p:Photo)
       OPTIONAL MATCH (f)-[r:OF]->(person:Person)
       WITH f, p, r, person
       WHERE NOT $unassignedOnly OR person IS NULL
       RETURN ${FACE_PROJECTION}, f.embedding AS embedding
       ORDER BY photoSha256, index`,
      { pack, unassignedOnly },
    );
    return result.records.map((record) => ({ ...toStoredFace(record), embedding: toEmbedding(record.get('embedding')) }));
  }

  /** Unknown ids are simply absent from the result; the map follows the order of the ids asked for. */
  async getFaceEmbeddings(tx: Transaction, faceIds: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    if (faceIds.length === 0) return found;
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (f:Face {id: id})
       RETURN f.id AS id, f.embedding AS embedding`,
      { ids: [...new Set(faceIds)] },
    );
    const byId = new Map(result.records.map((record) => [record.get('id') as string, record.get('embedding')]));
    for (const id of faceIds) {
      if (byId.has(id) && !found.has(id)) found.set(id, toEmbedding(byId.get(id)));
    }
    return found;
  }

  /** Pages in face id order, the cursor being the last id read (the unique id index serves the range and the order). */
  async embeddingPage(tx: Transaction, pack: string, cursor: string | null, limit: number): Promise<EmbeddingPage> {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`embedding page size must be a whole number >= 1, got ${limit}`);
    const result = await tx.run(
      `MATCH (f:Face)
       WHERE f.id > $after AND f.pack = $pack
       RETURN f.id AS id, f.embedding AS embedding
       ORDER BY f.id LIMIT $limit`,
      { pack, after: cursor ?? '', limit: neo4j.int(limit) },
    );
    const faceIds = result.records.map((record) => record.get('id') as string);
    const rows = result.records.map((record) => toEmbedding(record.get('embedding')));
    const dimensions = rows[0]?.length ?? 0;
    const embeddings = new Float32Array(rows.length * dimensions);
    rows.forEach((row, i) => {
      if (row.length !== dimensions) throw new Error(`face ${faceIds[i]}: embedding of ${row.length} values in pack ${pack} of ${dimensions}`);
      embeddings.set(row, i * dimensions);
    });
    return { faceIds, embeddings, dimensions, next: rows.length < limit ? null : faceIds.at(-1)! };
  }

  async getFaces(tx: Transaction, faceIds: readonly string[]): Promise<StoredFace[]> {
    if (faceIds.length === 0) return [];
    const ids = [...new Set(faceIds)];
    const result = await tx.run(
      `UNWIND range(0, size($ids) - 1) AS at
       MATCH (f:Face {id: $ids[at]})-[:IN]->(p:Photo)
       OPTIONAL MATCH (f)-[r:OF]->(person:Person)
       WITH at, f, p, r, person
       RETURN ${FACE_PROJECTION}
       ORDER BY at`,
      { ids },
    );
    return result.records.map(toStoredFace);
  }

  nearestFaces(tx: Transaction, embedding: Float32Array, pack: string, k: number): Promise<Neighbour[]> {
    return this.vectors.nearest(tx, embedding, pack, k);
  }

  neighbourSearch(tx: Transaction, pack: string): Promise<NeighbourSearchKind> {
    return this.vectors.kind(tx, pack);
  }
}
