import type { FacePlacement, FacePlacementQuery, PersonName } from '../catalog.js';
import type { AssignmentSource } from '../../domain/types.js';
import type { Transaction } from './connection.js';
import { QUALITY_OVERALL } from './records.js';

/**
 * One branch of the union per selector the query uses (a branch not asked for is left out of the statement, so the
 * planner never considers it); each starts from a unique lookup or the pack index. Values are parameters.
 */
const SELECTORS = {
  faceIds: 'UNWIND $faceIds AS id MATCH (f:Face {id: id}) RETURN f',
  personIds: 'UNWIND $personIds AS personId MATCH (:Person {id: personId})<-[:OF]-(f:Face) RETURN f',
  photoSha256s: 'UNWIND $photoSha256s AS sha256 MATCH (:Photo {sha256: sha256})<-[:IN]-(f:Face) RETURN f',
  unplaced: 'MATCH (f:Face {pack: $pack}) WHERE NOT (f)-[:OF]->() AND NOT coalesce(f.decidedNobody, false) RETURN f',
  decidedByUser: `MATCH (f:Face {pack: $pack})
    WHERE coalesce(f.decidedNobody, false) OR EXISTS { MATCH (f)-[r:OF]->() WHERE r.source = 'user' } RETURN f`,
} as const;

/** The small reads of a neighbourhood-local clustering run (issue 16), as the SQLite catalog's FacePlacements. */
export class FacePlacements {
  async list(tx: Transaction, pack: string, query: FacePlacementQuery): Promise<FacePlacement[]> {
    const branches = (Object.keys(SELECTORS) as (keyof typeof SELECTORS)[]).filter((key) => {
      const value = query[key];
      return Array.isArray(value) ? value.length > 0 : value === true;
    });
    if (branches.length === 0) return [];
    const result = await tx.run(
      `CALL () { ${branches.map((key) => SELECTORS[key]).join(' UNION ')} }
       WITH f WHERE f.pack = $pack
       MATCH (f)-[:IN]->(p:Photo)
       OPTIONAL MATCH (f)-[r:OF]->(person:Person)
       RETURN f.id AS id, p.sha256 AS photoSha256, f.index AS index, f.quality[${QUALITY_OVERALL}] AS quality, person.id AS personId,
         CASE WHEN r IS NOT NULL THEN r.source WHEN f.decidedNobody THEN 'user' ELSE null END AS source
       ORDER BY photoSha256, index`,
      {
        pack,
        faceIds: [...(query.faceIds ?? [])],
        personIds: [...(query.personIds ?? [])],
        photoSha256s: [...(query.photoSha256s ?? [])],
      },
    );
    return result.records.map((record) => ({
      id: record.get('id') as string,
      photoSha256: record.get('photoSha256') as string,
      index: record.get('index') as number,
      quality: record.get('quality') as number,
      personId: record.get('personId') as string | null,
      source: record.get('source') as AssignmentSource | null,
    }));
  }

  async countFacesOfPeople(tx: Transaction, pack: string, personIds: readonly string[]): Promise<Map<string, number>> {
    if (personIds.length === 0) return new Map();
    const result = await tx.run(
      `UNWIND $personIds AS personId
       MATCH (:Person {id: personId})<-[:OF]-(f:Face {pack: $pack})
       RETURN personId, count(f) AS faces`,
      { pack, personIds: [...new Set(personIds)] },
    );
    return new Map(result.records.map((record) => [record.get('personId') as string, record.get('faces') as number]));
  }

  async listPersonNames(tx: Transaction): Promise<PersonName[]> {
    const result = await tx.run('MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.hidden AS hidden ORDER BY id');
    return result.records.map((record) => ({
      id: record.get('id') as string,
      name: (record.get('name') as string | null) ?? null,
      hidden: record.get('hidden') === true,
    }));
  }
}
