import neo4j from 'neo4j-driver';
import type { StoredPhoto } from '../catalog.js';
import type { Neo4jCatalog } from './neo4j-catalog.js';
import { requirePeople } from './person-lookup.js';
import { PHOTO_PATH_SUBQUERY, PHOTO_PROJECTION, toStoredPhoto } from './records.js';

/**
 * Read queries that a graph answers directly and that are not part of the Catalog interface.
 * (Photos showing all of several people is: Catalog.photosWithPeople.)
 */

/** The photos on which the person has at least one face, by path. */
export function photosOfPerson(catalog: Neo4jCatalog, personId: string): Promise<StoredPhoto[]> {
  return catalog.connection.read(async (tx) => {
    await requirePeople(tx, [personId]);
    const result = await tx.run(
      `MATCH (:Person {id: $personId})<-[:OF]-(:Face)-[:IN]->(p:Photo)
       WITH DISTINCT p
       ${PHOTO_PATH_SUBQUERY}
       RETURN ${PHOTO_PROJECTION}
       ORDER BY path, p.sha256`,
      { personId },
    );
    return result.records.map(toStoredPhoto);
  });
}

/**
 * The person's photos in time order (by takenAt, the EXIF capture time as stored); photos without a capture time
 * come last, by path.
 */
export function personTimeline(catalog: Neo4jCatalog, personId: string): Promise<StoredPhoto[]> {
  return catalog.connection.read(async (tx) => {
    await requirePeople(tx, [personId]);
    const result = await tx.run(
      `MATCH (:Person {id: $personId})<-[:OF]-(:Face)-[:IN]->(p:Photo)
       WITH DISTINCT p
       ${PHOTO_PATH_SUBQUERY}
       RETURN ${PHOTO_PROJECTION}
       ORDER BY p.takenAt IS NULL, p.takenAt, path, p.sha256`,
      { personId },
    );
    return result.records.map(toStoredPhoto);
  });
}

export interface Companion {
  personId: string;
  name: string | null;
  /** Photos on which both appear. */
  photos: number;
}

/** Who appears with the person, most shared photos first; read from the maintained APPEARS_WITH relationships. */
export function companionsOf(catalog: Neo4jCatalog, personId: string): Promise<Companion[]> {
  return catalog.connection.read(async (tx) => {
    await requirePeople(tx, [personId]);
    const result = await tx.run(
      `MATCH (:Person {id: $personId})-[r:APPEARS_WITH]-(other:Person)
       RETURN other.id AS personId, other.name AS name, r.photos AS photos
       ORDER BY photos DESC, toInteger(substring(personId, 1))`,
      { personId },
    );
    return result.records.map((record) => ({
      personId: record.get('personId') as string,
      name: record.get('name') as string | null,
      photos: record.get('photos') as number,
    }));
  });
}

export interface CoAppearance {
  /** The smaller id of the pair (string order), as stored. */
  personA: string;
  personB: string;
  photos: number;
}

/** Every pair of people who share at least one photo, most shared photos first; `limit` keeps the top pairs. */
export function coAppearances(catalog: Neo4jCatalog, options: { limit?: number } = {}): Promise<CoAppearance[]> {
  const limit = options.limit ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 0)) throw new Error(`limit must be a non-negative integer, got ${limit}`);
  return catalog.connection.read(async (tx) => {
    const result = await tx.run(
      `MATCH (a:Person)-[r:APPEARS_WITH]->(b:Person)
       RETURN a.id AS personA, b.id AS personB, r.photos AS photos
       ORDER BY photos DESC, personA, personB
       LIMIT $limit`,
      { limit: neo4j.int(limit ?? Number.MAX_SAFE_INTEGER) },
    );
    return result.records.map((record) => ({
      personA: record.get('personA') as string,
      personB: record.get('personB') as string,
      photos: record.get('photos') as number,
    }));
  });
}
