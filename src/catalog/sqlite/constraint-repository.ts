import type { Constraint } from '../catalog.js';
import { unknownFaceError, unknownPersonError } from '../catalog-errors.js';
import type { SqliteDatabase } from './connection.js';
import { inWriteTransaction } from './write-transaction.js';

interface ConstraintRow {
  kind: Constraint['kind'];
  face_id: string | null;
  person_a: string;
  person_b: string | null;
}

/**
 * User decisions that clustering must respect. Rule kept here and in PeopleRepository: the latest user decision wins,
 * so the catalog never holds a face assigned to a person it is declared not to be.
 * different-people pairs are stored in id order so that (a, b) and (b, a) are one constraint.
 */
export class ConstraintRepository {
  private readonly insert;
  private readonly list;
  private readonly faceOwner;
  private readonly personExists;
  private readonly unassignFace;
  private readonly forbidsStatement;
  private readonly dropNotPersonStatement;
  private readonly dropDifferentStatement;
  private readonly copyToPerson;
  private readonly dropContradictedStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare<{ kind: string; faceId: string | null; personA: string; personB: string | null; at: string }>(`
      INSERT INTO constraints (kind, face_id, person_a, person_b, created_at)
      VALUES (@kind, @faceId, @personA, @personB, @at)
      ON CONFLICT DO NOTHING
    `);
    this.list = db.prepare<[], ConstraintRow>('SELECT kind, face_id, person_a, person_b FROM constraints ORDER BY id');
    this.faceOwner = db.prepare<[string], { person_id: string | null }>('SELECT person_id FROM faces WHERE id = ?');
    this.personExists = db.prepare<[string], number>('SELECT 1 FROM people WHERE id = ?').pluck();
    // Back to unassigned rather than a user "nobody": the face may still belong to someone else, and the
    // constraint alone keeps clustering from returning it to this person.
    this.unassignFace = db.prepare<[string]>('UPDATE faces SET person_id = NULL, source = NULL WHERE id = ?');
    this.forbidsStatement = db
      .prepare<[string, string], number>(
        "SELECT 1 FROM constraints WHERE kind = 'not-person' AND face_id = ? AND person_a = ?",
      )
      .pluck();
    this.dropNotPersonStatement = db.prepare<[string, string]>(
      "DELETE FROM constraints WHERE kind = 'not-person' AND face_id = ? AND person_a = ?",
    );
    this.dropDifferentStatement = db.prepare<[string, string]>(
      "DELETE FROM constraints WHERE kind = 'different-people' AND person_a = ? AND person_b = ?",
    );
    // The originals are removed by the cascade when `from` is deleted; a pair that collapses onto one person is dropped.
    this.copyToPerson = db.prepare<{ from: string; into: string; at: string }>(`
      INSERT INTO constraints (kind, face_id, person_a, person_b, created_at)
      SELECT kind, face_id, CASE WHEN b IS NULL THEN a ELSE min(a, b) END, CASE WHEN b IS NULL THEN NULL ELSE max(a, b) END, @at
      FROM (
        SELECT kind, face_id,
          CASE person_a WHEN @from THEN @into ELSE person_a END AS a,
          CASE person_b WHEN @from THEN @into ELSE person_b END AS b
        FROM constraints
        WHERE person_a = @from OR person_b = @from
      )
      WHERE b IS NULL OR a <> b
      ON CONFLICT DO NOTHING
    `);
    this.dropContradictedStatement = db.prepare<{ person: string }>(`
      DELETE FROM constraints
      WHERE kind = 'not-person' AND person_a = @person
        AND face_id IN (SELECT id FROM faces WHERE person_id = @person)
    `);
  }

  addConstraint(constraint: Constraint): void {
    inWriteTransaction(this.db, () => {
      const at = new Date().toISOString();
      if (constraint.kind === 'not-person') {
        const face = this.faceOwner.get(constraint.faceId);
        if (!face) throw unknownFaceError(constraint.faceId);
        this.requirePerson(constraint.personId);
        if (face.person_id === constraint.personId) this.unassignFace.run(constraint.faceId);
        this.insert.run({ kind: 'not-person', faceId: constraint.faceId, personA: constraint.personId, personB: null, at });
      } else if (constraint.kind === 'different-people') {
        const { personA, personB } = constraint;
        this.requirePerson(personA);
        this.requirePerson(personB);
        if (personA === personB) throw new Error(`person "${personA}" cannot be declared different from themselves`);
        const [first, second] = personA < personB ? [personA, personB] : [personB, personA];
        this.insert.run({ kind: 'different-people', faceId: null, personA: first, personB: second, at });
      } else {
        throw new Error(`unknown constraint kind "${(constraint as { kind: unknown }).kind}"`);
      }
    });
  }

  listConstraints(): Constraint[] {
    return this.list.all().map(toConstraint);
  }

  /** Undo of addConstraint: the row goes, assignments stay as they are. */
  removeConstraint(constraint: Constraint): void {
    if (constraint.kind === 'not-person') {
      this.dropNotPersonStatement.run(constraint.faceId, constraint.personId);
    } else if (constraint.kind === 'different-people') {
      const { personA, personB } = constraint;
      const [first, second] = personA < personB ? [personA, personB] : [personB, personA];
      this.dropDifferentStatement.run(first, second);
    } else {
      throw new Error(`unknown constraint kind "${(constraint as { kind: unknown }).kind}"`);
    }
  }

  forbids(faceId: string, personId: string): boolean {
    return this.forbidsStatement.get(faceId, personId) !== undefined;
  }

  dropNotPerson(faceId: string, personId: string): void {
    this.dropNotPersonStatement.run(faceId, personId);
  }

  /** Part of a merge, inside its transaction: constraints about `from` now speak about `into`. */
  repointPerson(from: string, into: string): void {
    this.copyToPerson.run({ from, into, at: new Date().toISOString() });
  }

  /** Drops not-person constraints that the person's current (user-decided) faces contradict. */
  dropContradicted(personId: string): void {
    this.dropContradictedStatement.run({ person: personId });
  }

  private requirePerson(personId: string): void {
    if (this.personExists.get(personId) === undefined) throw unknownPersonError(personId);
  }
}

function toConstraint(row: ConstraintRow): Constraint {
  if (row.kind === 'not-person') return { kind: 'not-person', faceId: row.face_id!, personId: row.person_a };
  return { kind: 'different-people', personA: row.person_a, personB: row.person_b! };
}
