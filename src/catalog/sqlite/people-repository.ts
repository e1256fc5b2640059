import type { FaceAssignment, ImportedPerson, StoredPerson } from '../catalog.js';
import type { AssignmentSource } from '../../domain/types.js';
import { unknownFaceError, unknownPersonError } from '../catalog-errors.js';
import { checkImportedPeople, personNumber } from '../imported-people.js';
import type { SqliteDatabase } from './connection.js';
import type { ConstraintRepository } from './constraint-repository.js';
import type { FaceDecisionRepository } from './face-decision-repository.js';
import { inWriteTransaction } from './write-transaction.js';

interface PersonRow {
  id: string;
  name: string | null;
  hidden: number;
  faces: number;
  photos: number;
  sample_path: string | null;
  best_face_id: string | null;
}

/** The sample is the best-quality face's photo, shown by that photo's first path. */
const PERSON_SELECT = `
  SELECT p.id, p.name, p.hidden,
    count(f.num) AS faces,
    count(DISTINCT f.photo_sha256) AS photos,
    (SELECT (SELECT min(files.path) FROM files WHERE files.sha256 = best.photo_sha256)
       FROM faces best WHERE best.person_id = p.id
       ORDER BY best.quality_overall DESC, best.id LIMIT 1) AS sample_path,
    (SELECT best.id FROM faces best WHERE best.person_id = p.id
       ORDER BY best.quality_overall DESC, best.id LIMIT 1) AS best_face_id
  FROM people p LEFT JOIN faces f ON f.person_id = p.id`;

export class PeopleRepository {
  private readonly nextPersonNumber;
  private readonly insertPerson;
  private readonly personExists;
  private readonly nameHolder;
  private readonly faceState;
  private readonly setAssignment;
  private readonly updateName;
  private readonly updateHidden;
  private readonly nameOf;
  private readonly moveFaces;
  private readonly releaseFaces;
  private readonly deletePersonStatement;
  private readonly personById;
  private readonly personByName;
  private readonly listPeopleStatement;
  private readonly upsertPerson;
  private readonly raisePersonCounter;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly constraints: ConstraintRepository,
    private readonly decisions: FaceDecisionRepository,
  ) {
    this.nextPersonNumber = db
      .prepare<[], number>("UPDATE counters SET value = value + 1 WHERE name = 'person' RETURNING value")
      .pluck();
    this.insertPerson = db.prepare<[string, string | null, string]>(
      'INSERT INTO people (id, name, hidden, created_at) VALUES (?, ?, 0, ?)',
    );
    this.personExists = db.prepare<[string], number>('SELECT 1 FROM people WHERE id = ?').pluck();
    this.nameHolder = db
      .prepare<[string], string>('SELECT id FROM people WHERE name = ? COLLATE NOCASE')
      .pluck();
    this.faceState = db.prepare<[string], { person_id: string | null; source: AssignmentSource | null }>(
      'SELECT person_id, source FROM faces WHERE id = ?',
    );
    this.setAssignment = db.prepare<[string | null, AssignmentSource | null, string]>(
      'UPDATE faces SET person_id = ?, source = ? WHERE id = ?',
    );
    this.updateName = db.prepare<[string | null, string]>('UPDATE people SET name = ? WHERE id = ?');
    this.updateHidden = db.prepare<[number, string]>('UPDATE people SET hidden = ? WHERE id = ?');
    this.nameOf = db.prepare<[string], string | null>('SELECT name FROM people WHERE id = ?').pluck();
    this.moveFaces = db.prepare<[string, string]>("UPDATE faces SET person_id = ?, source = 'user' WHERE person_id = ?");
    this.releaseFaces = db.prepare<[string]>('UPDATE faces SET person_id = NULL, source = NULL WHERE person_id = ?');
    this.deletePersonStatement = db.prepare<[string]>('DELETE FROM people WHERE id = ?');
    this.personById = db.prepare<[string], PersonRow>(`${PERSON_SELECT} WHERE p.id = ? GROUP BY p.id`);
    this.personByName = db.prepare<[string], PersonRow>(`${PERSON_SELECT} WHERE p.name = ? COLLATE NOCASE GROUP BY p.id`);
    this.listPeopleStatement = db.prepare<{ includeHidden: number }, PersonRow>(`
      ${PERSON_SELECT}
      WHERE @includeHidden = 1 OR p.hidden = 0
      GROUP BY p.id
      ORDER BY faces DESC, CAST(substr(p.id, 2) AS INTEGER)
    `);
    this.upsertPerson = db.prepare<[string, string | null, number, string]>(`
      INSERT INTO people (id, name, hidden, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, hidden = excluded.hidden
    `);
    this.raisePersonCounter = db.prepare<[number]>("UPDATE counters SET value = max(value, ?) WHERE name = 'person'");
  }

  createPerson(name: string | null = null): string {
    return inWriteTransaction(this.db, () => {
      const cleanName = name === null ? null : this.availableName(name, null);
      const id = `p${this.nextPersonNumber.get()!}`;
      this.insertPerson.run(id, cleanName, new Date().toISOString());
      return id;
    });
  }

  /**
   * Applies the assignments atomically: one unknown face or person rejects the whole batch.
   * Automatic assignments never override the user: they are skipped for faces the user assigned,
   * and for a person the user declared the face is not.
   * A person left without faces is kept, even unnamed: user operations such as a split take several calls,
   * and a person vanishing between them would break the next call.
   */
  assignFaces(assignments: readonly FaceAssignment[]): void {
    inWriteTransaction(this.db, () => {
      for (const { faceId, personId, source } of assignments) {
        if (source !== 'auto' && source !== 'user') throw new Error(`face ${faceId}: unknown assignment source "${source}"`);
        const face = this.faceState.get(faceId);
        if (!face) throw unknownFaceError(faceId);
        if (personId !== null) this.requirePerson(personId);
        if (source === 'auto') {
          if (face.source === 'user') continue;
          if (personId !== null && this.constraints.forbids(faceId, personId)) continue;
          // An automatic "nobody" is no decision at all, so the face is simply unassigned.
          this.setAssignment.run(personId, personId === null ? null : 'auto', faceId);
        } else {
          // A user "nobody" is kept as a decision so that clustering leaves the face alone.
          this.setAssignment.run(personId, 'user', faceId);
          if (personId !== null) {
            this.constraints.dropNotPerson(faceId, personId);
            this.decisions.liftNotAFace(faceId);
          }
        }
      }
    });
  }

  renamePerson(personId: string, name: string | null): void {
    inWriteTransaction(this.db, () => {
      this.requirePerson(personId);
      this.updateName.run(name === null ? null : this.availableName(name, personId), personId);
    });
  }

  setHidden(personId: string, hidden: boolean): void {
    inWriteTransaction(this.db, () => {
      this.requirePerson(personId);
      this.updateHidden.run(hidden ? 1 : 0, personId);
    });
  }

  mergePeople(into: string, from: string): void {
    inWriteTransaction(this.db, () => {
      this.requirePerson(into);
      this.requirePerson(from);
      if (into === from) throw new Error(`cannot merge person "${into}" into themselves`);
      const intoName = this.nameOf.get(into) ?? null;
      const fromName = this.nameOf.get(from) ?? null;
      this.moveFaces.run(into, from);
      this.constraints.repointPerson(from, into);
      this.constraints.dropContradicted(into);
      this.deletePersonStatement.run(from);
      // Only after `from` is gone: names are unique, so its name cannot be given to `into` while it still holds it.
      if (intoName === null && fromName !== null) this.updateName.run(fromName, into);
    });
  }

  /** The person's faces become unassigned (free for clustering again); constraints about the person go too. */
  deletePerson(personId: string): void {
    inWriteTransaction(this.db, () => {
      this.requirePerson(personId);
      this.releaseFaces.run(personId);
      this.deletePersonStatement.run(personId);
    });
  }

  /** See Catalog.importPeople: an upsert by id, all or nothing, that keeps the person counter above every imported id. */
  importPeople(people: readonly ImportedPerson[]): void {
    const checked = checkImportedPeople(people);
    inWriteTransaction(this.db, () => {
      const ids = new Set(checked.map((person) => person.id));
      for (const person of checked) {
        if (person.name === null) continue;
        const holder = this.nameHolder.get(person.name);
        if (holder !== undefined && !ids.has(holder)) {
          throw new Error(`cannot import ${person.id}: the name "${person.name}" is already used by person ${holder}`);
        }
      }
      // Names first cleared, then set: people of the list may swap names without tripping the unique index midway.
      const existing = checked.filter((person) => this.personExists.get(person.id) !== undefined);
      for (const person of existing) this.updateName.run(null, person.id);
      const createdAt = new Date().toISOString();
      for (const person of checked) {
        this.upsertPerson.run(person.id, person.name, person.hidden ? 1 : 0, createdAt);
      }
      const highest = checked.reduce((max, person) => Math.max(max, personNumber(person.id)), 0);
      this.raisePersonCounter.run(highest);
    });
  }

  /** By id first, then by name ignoring (ASCII) case; names are unique, so at most one person matches. */
  findPerson(idOrName: string): StoredPerson | null {
    const row = this.personById.get(idOrName) ?? this.personByName.get(idOrName.trim());
    return row ? toStoredPerson(row) : null;
  }

  listPeople(options: { includeHidden?: boolean } = {}): StoredPerson[] {
    return this.listPeopleStatement.all({ includeHidden: options.includeHidden ? 1 : 0 }).map(toStoredPerson);
  }

  private requirePerson(personId: string): void {
    if (this.personExists.get(personId) === undefined) throw unknownPersonError(personId);
  }

  /** The trimmed name, if no other person holds it. */
  private availableName(name: string, forPersonId: string | null): string {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new Error('a person name cannot be empty');
    const holder = this.nameHolder.get(trimmed);
    if (holder !== undefined && holder !== forPersonId) {
      throw new Error(`the name "${trimmed}" is already used by person ${holder}; merge the two people instead`);
    }
    return trimmed;
  }
}

function toStoredPerson(row: PersonRow): StoredPerson {
  return {
    id: row.id,
    name: row.name,
    hidden: row.hidden === 1,
    faces: row.faces,
    photos: row.photos,
    samplePath: row.sample_path,
    bestFaceId: row.best_face_id,
  };
}
