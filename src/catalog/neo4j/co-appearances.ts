import neo4j from 'neo4j-driver';
import type { Transaction } from './connection.js';

/**
 * Keeps (:Person)-[:APPEARS_WITH {photos}]->(:Person) equal to the number of photos on which both people have a
 * face, with one relationship per pair, pointing from the smaller id to the larger (string order).
 *
 * Incremental rather than recomputed: a write transaction touches some photos; before its first change to a photo
 * the tracker notes who is on it, at the end it looks again, and each pair's count moves by the difference. The
 * cost is proportional to the photos touched, not to how many photos the people involved have, so assigning one
 * face to someone with ten thousand photos stays cheap. Deleting a person needs no tracking: DETACH DELETE takes
 * their relationships along, and no other pair changes.
 *
 * One tracker per transaction attempt: create it inside the transaction function, since a retried attempt starts
 * from the committed state again.
 */
export class CoAppearanceTracker {
  private readonly before = new Map<string, ReadonlySet<string>>();

  /** Call before changing any face assignment on these photos, or deleting them. */
  async touchPhotos(tx: Transaction, photoSha256s: Iterable<string>): Promise<void> {
    const fresh = [...new Set(photoSha256s)].filter((sha) => !this.before.has(sha));
    if (fresh.length === 0) return;
    const people = await peopleOnPhotos(tx, fresh);
    for (const sha of fresh) this.before.set(sha, people.get(sha) ?? new Set());
  }

  /** Same as touchPhotos, for the photos these faces are on. Unknown face ids are ignored. */
  async touchFaces(tx: Transaction, faceIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(faceIds)];
    if (ids.length === 0) return;
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (:Face {id: id})-[:IN]->(p:Photo)
       RETURN DISTINCT p.sha256 AS sha256`,
      { ids },
    );
    await this.touchPhotos(
      tx,
      result.records.map((record) => record.get('sha256') as string),
    );
  }

  /** Same as touchPhotos, for every photo on which the person has a face. */
  async touchPerson(tx: Transaction, personId: string): Promise<void> {
    const result = await tx.run(
      `MATCH (:Person {id: $personId})<-[:OF]-(:Face)-[:IN]->(p:Photo)
       RETURN DISTINCT p.sha256 AS sha256`,
      { personId },
    );
    await this.touchPhotos(
      tx,
      result.records.map((record) => record.get('sha256') as string),
    );
  }

  /** Call once, after the transaction's last change to assignments or photos. */
  async apply(tx: Transaction): Promise<void> {
    if (this.before.size === 0) return;
    const after = await peopleOnPhotos(tx, [...this.before.keys()]);
    const deltas = new Map<string, number>();
    const add = (people: ReadonlySet<string>, sign: number) => {
      for (const key of pairKeys(people)) deltas.set(key, (deltas.get(key) ?? 0) + sign);
    };
    for (const [sha, people] of this.before) {
      add(people, -1);
      add(after.get(sha) ?? new Set(), +1);
    }
    const changes = [...deltas]
      .filter(([, delta]) => delta !== 0)
      .map(([key, delta]) => {
        const [a, b] = key.split('\u0000') as [string, string];
        return { a, b, delta: neo4j.int(delta) };
      });
    if (changes.length === 0) return;
    // People deleted in this transaction do not match: their relationships went with them.
    await tx.run(
      `UNWIND $changes AS change
       MATCH (a:Person {id: change.a}), (b:Person {id: change.b})
       MERGE (a)-[r:APPEARS_WITH]->(b)
       SET r.photos = coalesce(r.photos, 0) + change.delta
       WITH r WHERE r.photos <= 0
       DELETE r`,
      { changes },
    );
  }
}

async function peopleOnPhotos(tx: Transaction, photoSha256s: string[]): Promise<Map<string, Set<string>>> {
  const result = await tx.run(
    `UNWIND $shas AS sha
     MATCH (:Photo {sha256: sha})<-[:IN]-(:Face)-[:OF]->(person:Person)
     RETURN sha, collect(DISTINCT person.id) AS people`,
    { shas: photoSha256s },
  );
  return new Map(result.records.map((record) => [record.get('sha') as string, new Set(record.get('people') as string[])]));
}

/** Every unordered pair, as "smaller\0larger". */
function pairKeys(people: ReadonlySet<string>): string[] {
  const sorted = [...people].sort();
  const keys: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) keys.push(`${sorted[i]}\u0000${sorted[j]}`);
  }
  return keys;
}

/** The pair in the stored direction: smaller id first. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}
