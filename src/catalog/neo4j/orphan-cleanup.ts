import type { CoAppearanceTracker } from './co-appearances.js';
import type { Transaction } from './connection.js';

/**
 * Tidies up after paths or faces are dropped (pruning, a path now holding other content, re-analysis):
 * a photo no path reaches goes with its faces, and an unnamed person whose faces were all deleted goes too,
 * since nothing would ever show or find them again. Named people stay: a name is a user decision.
 * DETACH DELETE takes the relationships along: a face's IN, OF and NOT, a person's constraints and APPEARS_WITH.
 */

/** Deletes those of the photos that no path holds any more; returns the people whose faces went with them. */
export async function forgetUnreachablePhotos(
  tx: Transaction,
  photoSha256s: Iterable<string>,
  coAppearances: CoAppearanceTracker,
): Promise<Set<string>> {
  const shas = [...new Set(photoSha256s)];
  if (shas.length === 0) return new Set();
  const unreachable = await tx.run(
    `UNWIND $shas AS sha
     MATCH (p:Photo {sha256: sha}) WHERE NOT EXISTS { (:File)-[:HOLDS]->(p) }
     RETURN p.sha256 AS sha256`,
    { shas },
  );
  const gone = unreachable.records.map((record) => record.get('sha256') as string);
  if (gone.length === 0) return new Set();
  const affectedPeople = await peopleWithFacesOn(tx, gone);
  await coAppearances.touchPhotos(tx, gone);
  await tx.run(
    `UNWIND $shas AS sha
     MATCH (p:Photo {sha256: sha})
     CALL (p) { MATCH (p)<-[:IN]-(f:Face) DETACH DELETE f }
     DETACH DELETE p`,
    { shas: gone },
  );
  return affectedPeople;
}

export async function peopleWithFacesOn(tx: Transaction, photoSha256s: readonly string[]): Promise<Set<string>> {
  const result = await tx.run(
    `UNWIND $shas AS sha
     MATCH (:Photo {sha256: sha})<-[:IN]-(:Face)-[:OF]->(person:Person)
     RETURN DISTINCT person.id AS id`,
    { shas: photoSha256s },
  );
  return new Set(result.records.map((record) => record.get('id') as string));
}

/** Deletes those of the people that have neither a name nor a face left. */
export async function forgetAbandonedPeople(tx: Transaction, personIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  await tx.run(
    `UNWIND $ids AS id
     MATCH (p:Person {id: id})
     WHERE p.name IS NULL AND NOT EXISTS { (p)<-[:OF]-(:Face) }
     DETACH DELETE p`,
    { ids },
  );
}
