import type { Constraint } from '../catalog.js';
import { unknownFaceError } from '../catalog-errors.js';
import { orderedPair, type CoAppearanceTracker } from './co-appearances.js';
import type { Transaction } from './connection.js';
import { requirePeople } from './person-lookup.js';

/**
 * User decisions that clustering must respect, stored as relationships: (:Face)-[:NOT]->(:Person) and
 * (:Person)-[:DIFFERENT_FROM]->(:Person), the latter once per pair, from the smaller id to the larger, so that
 * (a, b) and (b, a) are one constraint. Deleting a face or a person deletes its constraints with it.
 * Rule kept here and in PeopleRepository: the latest user decision wins, so the catalog never holds a face
 * assigned to a person it is declared not to be.
 */
export class ConstraintRepository {
  async addConstraint(tx: Transaction, constraint: Constraint, coAppearances: CoAppearanceTracker): Promise<void> {
    const createdAt = new Date().toISOString();
    if (constraint.kind === 'not-person') {
      const { faceId, personId } = constraint;
      const face = await tx.run(
        `MATCH (f:Face {id: $faceId})
         OPTIONAL MATCH (f)-[:OF]->(owner:Person)
         RETURN owner.id AS owner`,
        { faceId },
      );
      if (face.records.length === 0) throw unknownFaceError(faceId);
      await requirePeople(tx, [personId]);
      if (face.records[0]!.get('owner') === personId) {
        // Back to unassigned rather than a user "nobody": the face may still belong to someone else, and the
        // constraint alone keeps clustering from returning it to this person.
        await coAppearances.touchFaces(tx, [faceId]);
        await tx.run('MATCH (:Face {id: $faceId})-[r:OF]->() DELETE r', { faceId });
      }
      await tx.run(
        `MATCH (f:Face {id: $faceId}), (p:Person {id: $personId})
         MERGE (f)-[n:NOT]->(p) ON CREATE SET n.createdAt = $createdAt`,
        { faceId, personId, createdAt },
      );
    } else if (constraint.kind === 'different-people') {
      const { personA, personB } = constraint;
      await requirePeople(tx, [personA, personB]);
      if (personA === personB) throw new Error(`person "${personA}" cannot be declared different from themselves`);
      const [first, second] = orderedPair(personA, personB);
      await tx.run(
        `MATCH (a:Person {id: $first}), (b:Person {id: $second})
         MERGE (a)-[d:DIFFERENT_FROM]->(b) ON CREATE SET d.createdAt = $createdAt`,
        { first, second, createdAt },
      );
    } else {
      throw new Error(`unknown constraint kind "${(constraint as { kind: unknown }).kind}"`);
    }
  }

  async listConstraints(tx: Transaction): Promise<Constraint[]> {
    const result = await tx.run(`
      CALL () {
        MATCH (f:Face)-[n:NOT]->(p:Person)
        RETURN 'not-person' AS kind, f.id AS faceId, p.id AS personA, null AS personB, n.createdAt AS createdAt
        UNION ALL
        MATCH (a:Person)-[d:DIFFERENT_FROM]->(b:Person)
        RETURN 'different-people' AS kind, null AS faceId, a.id AS personA, b.id AS personB, d.createdAt AS createdAt
      }
      RETURN kind, faceId, personA, personB
      ORDER BY createdAt, kind, faceId, personA, personB`);
    return result.records.map((record): Constraint => {
      if (record.get('kind') === 'not-person') {
        return { kind: 'not-person', faceId: record.get('faceId') as string, personId: record.get('personA') as string };
      }
      return { kind: 'different-people', personA: record.get('personA') as string, personB: record.get('personB') as string };
    });
  }

  /** Undo of addConstraint: the relationship goes, assignments stay as they are. */
  async removeConstraint(tx: Transaction, constraint: Constraint): Promise<void> {
    if (constraint.kind === 'not-person') {
      await this.dropNotPerson(tx, [{ faceId: constraint.faceId, personId: constraint.personId }]);
    } else if (constraint.kind === 'different-people') {
      const [first, second] = orderedPair(constraint.personA, constraint.personB);
      await tx.run('MATCH (:Person {id: $first})-[d:DIFFERENT_FROM]->(:Person {id: $second}) DELETE d', { first, second });
    } else {
      throw new Error(`unknown constraint kind "${(constraint as { kind: unknown }).kind}"`);
    }
  }

  /** The (face, person) pairs among those given that a not-person constraint forbids, as "faceId\0personId". */
  async forbidden(tx: Transaction, pairs: readonly { faceId: string; personId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const result = await tx.run(
      `UNWIND $pairs AS pair
       MATCH (f:Face {id: pair.faceId})-[:NOT]->(p:Person {id: pair.personId})
       RETURN DISTINCT f.id AS faceId, p.id AS personId`,
      { pairs },
    );
    return new Set(result.records.map((record) => pairKey(record.get('faceId') as string, record.get('personId') as string)));
  }

  async dropNotPerson(tx: Transaction, pairs: readonly { faceId: string; personId: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    await tx.run(
      `UNWIND $pairs AS pair
       MATCH (:Face {id: pair.faceId})-[n:NOT]->(:Person {id: pair.personId})
       DELETE n`,
      { pairs },
    );
  }

  /**
   * Part of a merge, inside its transaction: constraints about `from` now speak about `into`. The originals go when
   * `from` is deleted; a different-people pair that collapses onto one person is dropped.
   */
  async repointPerson(tx: Transaction, from: string, into: string): Promise<void> {
    await tx.run(
      `MATCH (:Person {id: $from})<-[n:NOT]-(f:Face)
       MATCH (into:Person {id: $into})
       MERGE (f)-[copy:NOT]->(into) ON CREATE SET copy.createdAt = n.createdAt`,
      { from, into },
    );
    await tx.run(
      `MATCH (:Person {id: $from})-[d:DIFFERENT_FROM]-(other:Person)
       WHERE other.id <> $into
       MATCH (into:Person {id: $into})
       WITH d, CASE WHEN into.id < other.id THEN [into, other] ELSE [other, into] END AS pair
       WITH d, pair[0] AS a, pair[1] AS b
       MERGE (a)-[copy:DIFFERENT_FROM]->(b) ON CREATE SET copy.createdAt = d.createdAt`,
      { from, into },
    );
  }

  /** Drops not-person constraints that the person's current faces contradict. */
  async dropContradicted(tx: Transaction, personId: string): Promise<void> {
    await tx.run('MATCH (p:Person {id: $personId})<-[n:NOT]-(:Face)-[:OF]->(p) DELETE n', { personId });
  }
}

export function pairKey(faceId: string, personId: string): string {
  return `${faceId}\u0000${personId}`;
}
