import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import type { FaceAssignment, ImportedPerson, StoredPerson } from '../catalog.js';
import type { AssignmentSource } from '../../domain/types.js';
import { unknownFaceError, unknownPersonError } from '../catalog-errors.js';
import { checkImportedPeople, personNumber } from '../imported-people.js';
import type { CoAppearanceTracker } from './co-appearances.js';
import type { Transaction } from './connection.js';
import { pairKey, type ConstraintRepository } from './constraint-repository.js';
import type { FaceDecisionRepository } from './face-decision-repository.js';
import { existingPeople, requirePeople } from './person-lookup.js';
import { QUALITY_OVERALL } from './records.js';

/** A face's assignment as the catalog reports it; a user's "nobody" is source 'user' with no person. */
interface FaceState {
  personId: string | null;
  source: AssignmentSource | null;
}

/**
 * Counts and sample for people matched as p. The sample is the best-quality face's photo, shown by that photo's
 * first path; ties go to the smaller face id.
 */
const PERSON_DETAILS = `
  CALL (p) {
    OPTIONAL MATCH (p)<-[:OF]-(f:Face)-[:IN]->(photo:Photo)
    RETURN count(f) AS faces, count(DISTINCT photo) AS photos
  }
  CALL (p) {
    OPTIONAL MATCH (p)<-[:OF]-(best:Face)-[:IN]->(photo:Photo)
    WITH best, photo ORDER BY best.quality[${QUALITY_OVERALL}] DESC, best.id LIMIT 1
    OPTIONAL MATCH (file:File)-[:HOLDS]->(photo)
    RETURN min(file.path) AS samplePath, min(best.id) AS bestFaceId
  }
  RETURN p.id AS id, p.name AS name, p.hidden AS hidden, faces, photos, samplePath, bestFaceId`;

export class PeopleRepository {
  constructor(
    private readonly constraints: ConstraintRepository,
    private readonly decisions: FaceDecisionRepository,
  ) {}

  /**
   * Creates people with ids from the person counter, bumped once for the batch inside the caller's transaction,
   * so a transaction that rolls back hands out no ids.
   */
  async createPeople(tx: Transaction, names: readonly (string | null)[]): Promise<string[]> {
    if (names.length === 0) return [];
    const cleanNames: (string | null)[] = [];
    for (const name of names) {
      const clean = name === null ? null : await this.availableName(tx, name, null);
      if (clean !== null && cleanNames.some((other) => other !== null && other.toLowerCase() === clean.toLowerCase())) {
        throw new Error(`the name "${clean}" is given to two new people`);
      }
      cleanNames.push(clean);
    }
    const counter = await tx.run(
      `MERGE (c:Counter {name: 'person'}) ON CREATE SET c.value = 0
       SET c.value = c.value + $count
       RETURN c.value AS last`,
      { count: neo4j.int(names.length) },
    );
    const last = counter.records[0]!.get('last') as number;
    const people = cleanNames.map((name, i) => ({ id: `p${last - names.length + 1 + i}`, name }));
    await tx.run(
      `UNWIND $people AS person
       CREATE (p:Person {id: person.id, hidden: false, createdAt: $createdAt})
       SET p.name = person.name, p.nameKey = toLower(person.name)`,
      { people, createdAt: new Date().toISOString() },
    );
    return people.map((person) => person.id);
  }

  /** See Catalog.importPeople: an upsert by id, all or nothing, that keeps the person counter above every imported id. */
  async importPeople(tx: Transaction, people: readonly ImportedPerson[]): Promise<void> {
    const checked = checkImportedPeople(people);
    if (checked.length === 0) return;
    const holders = await tx.run(
      `UNWIND $people AS person
       MATCH (holder:Person {nameKey: toLower(person.name)})
       WHERE NOT holder.id IN $ids
       RETURN person.id AS id, person.name AS name, holder.id AS holder LIMIT 1`,
      { people: checked, ids: checked.map((person) => person.id) },
    );
    const clash = holders.records[0];
    if (clash) {
      throw new Error(`cannot import ${clash.get('id')}: the name "${clash.get('name')}" is already used by person ${clash.get('holder')}`);
    }
    // Names first cleared, then set: people of the list may swap names without tripping the uniqueness constraint.
    await tx.run('UNWIND $ids AS id MATCH (p:Person {id: id}) REMOVE p.name, p.nameKey', { ids: checked.map((person) => person.id) });
    await tx.run(
      `UNWIND $people AS person
       MERGE (p:Person {id: person.id}) ON CREATE SET p.createdAt = $createdAt
       SET p.hidden = person.hidden, p.name = person.name, p.nameKey = toLower(person.name)`,
      { people: checked, createdAt: new Date().toISOString() },
    );
    const highest = checked.reduce((max, person) => Math.max(max, personNumber(person.id)), 0);
    await tx.run(
      `MERGE (c:Counter {name: 'person'}) ON CREATE SET c.value = 0
       SET c.value = CASE WHEN c.value < $highest THEN $highest ELSE c.value END`,
      { highest: neo4j.int(highest) },
    );
  }

  /**
   * Applies the assignments atomically: one unknown face or person rejects the whole batch.
   * Automatic assignments never override the user: they are skipped for faces the user assigned,
   * and for a person the user declared the face is not.
   * A person left without faces is kept, even unnamed: user operations such as a split take several calls,
   * and a person vanishing between them would break the next call.
   *
   * The batch is read in three queries, decided in order here (a face may appear twice; the later entry sees the
   * earlier's effect), and written in one: round trips do not grow with the batch.
   */
  async assignFaces(tx: Transaction, assignments: readonly FaceAssignment[], coAppearances: CoAppearanceTracker): Promise<void> {
    if (assignments.length === 0) return;
    const faceIds = [...new Set(assignments.map((a) => a.faceId))];
    const initial = await this.faceStates(tx, faceIds);
    const people = await existingPeople(
      tx,
      assignments.flatMap((a) => (a.personId === null ? [] : [a.personId])),
    );
    const forbidden = await this.constraints.forbidden(
      tx,
      assignments.flatMap((a) => (a.source === 'auto' && a.personId !== null ? [{ faceId: a.faceId, personId: a.personId }] : [])),
    );

    const state = new Map(initial);
    const lifted = new Map<string, { faceId: string; personId: string }>();
    for (const { faceId, personId, source } of assignments) {
      if (source !== 'auto' && source !== 'user') throw new Error(`face ${faceId}: unknown assignment source "${source}"`);
      const face = state.get(faceId);
      if (!face) throw unknownFaceError(faceId);
      if (personId !== null && !people.has(personId)) throw unknownPersonError(personId);
      if (source === 'auto') {
        if (face.source === 'user') continue;
        if (personId !== null && forbidden.has(pairKey(faceId, personId))) continue;
        // An automatic "nobody" is no decision at all, so the face is simply unassigned.
        state.set(faceId, { personId, source: personId === null ? null : 'auto' });
      } else {
        // A user "nobody" is kept as a decision so that clustering leaves the face alone.
        state.set(faceId, { personId, source: 'user' });
        if (personId !== null) {
          forbidden.delete(pairKey(faceId, personId));
          lifted.set(pairKey(faceId, personId), { faceId, personId });
        }
      }
    }

    const changes = [...state]
      .filter(([faceId, after]) => {
        const before = initial.get(faceId)!;
        return before.personId !== after.personId || before.source !== after.source;
      })
      .map(([faceId, after]) => ({ faceId, ...after }));
    await coAppearances.touchFaces(
      tx,
      changes.filter((change) => change.personId !== initial.get(change.faceId)!.personId).map((change) => change.faceId),
    );
    if (changes.length > 0) {
      await tx.run(
        `UNWIND $changes AS change
         MATCH (f:Face {id: change.faceId})
         CALL (f) { MATCH (f)-[old:OF]->() DELETE old }
         SET f.decidedNobody = CASE WHEN change.personId IS NULL AND change.source = 'user' THEN true ELSE null END
         WITH f, change
         MATCH (p:Person {id: change.personId})
         CREATE (f)-[:OF {source: change.source}]->(p)`,
        { changes },
      );
    }
    await this.constraints.dropNotPerson(tx, [...lifted.values()]);
    await this.decisions.liftNotAFace(tx, [...lifted.values()].map((pair) => pair.faceId));
  }

  async renamePerson(tx: Transaction, personId: string, name: string | null): Promise<void> {
    await requirePeople(tx, [personId]);
    // Setting a property to null removes it, so an un-named person has neither name nor nameKey.
    const clean = name === null ? null : await this.availableName(tx, name, personId);
    await tx.run('MATCH (p:Person {id: $personId}) SET p.name = $name, p.nameKey = toLower($name)', { personId, name: clean });
  }

  async setHidden(tx: Transaction, personId: string, hidden: boolean): Promise<void> {
    await requirePeople(tx, [personId]);
    await tx.run('MATCH (p:Person {id: $personId}) SET p.hidden = $hidden', { personId, hidden });
  }

  /** Moves every face of `from` into `into` as user decisions and deletes `from`. */
  async mergePeople(tx: Transaction, into: string, from: string, coAppearances: CoAppearanceTracker): Promise<void> {
    await requirePeople(tx, [into, from]);
    if (into === from) throw new Error(`cannot merge person "${into}" into themselves`);
    const names = await tx.run('UNWIND [$into, $from] AS id MATCH (p:Person {id: id}) RETURN p.id AS id, p.name AS name', {
      into,
      from,
    });
    const nameOf = new Map(names.records.map((record) => [record.get('id') as string, record.get('name') as string | null]));
    await coAppearances.touchPerson(tx, from);
    await tx.run(
      `MATCH (:Person {id: $from})<-[r:OF]-(f:Face)
       MATCH (into:Person {id: $into})
       CREATE (f)-[:OF {source: 'user'}]->(into)
       DELETE r`,
      { into, from },
    );
    await this.constraints.repointPerson(tx, from, into);
    await this.constraints.dropContradicted(tx, into);
    await tx.run('MATCH (p:Person {id: $from}) DETACH DELETE p', { from });
    // Only after `from` is gone: names are unique, so its name cannot be given to `into` while it still holds it.
    const fromName = nameOf.get(from) ?? null;
    if ((nameOf.get(into) ?? null) === null && fromName !== null) {
      await tx.run('MATCH (p:Person {id: $into}) SET p.name = $name, p.nameKey = toLower($name)', { into, name: fromName });
    }
  }

  /**
   * The people's faces become unassigned (free for clustering again); their constraints and APPEARS_WITH go too.
   * In order: an id that is unknown, or already deleted earlier in the list, rejects the call.
   */
  async deletePeople(tx: Transaction, personIds: readonly string[]): Promise<void> {
    if (personIds.length === 0) return;
    const existing = await existingPeople(tx, personIds);
    const deleted = new Set<string>();
    for (const id of personIds) {
      if (!existing.has(id) || deleted.has(id)) throw unknownPersonError(id);
      deleted.add(id);
    }
    await tx.run('UNWIND $ids AS id MATCH (p:Person {id: id}) DETACH DELETE p', { ids: [...deleted] });
  }

  /** By id first, then by name ignoring case; names are unique, so at most one person matches. */
  async findPerson(tx: Transaction, idOrName: string): Promise<StoredPerson | null> {
    const result = await tx.run(
      `OPTIONAL MATCH (byId:Person {id: $idOrName})
       OPTIONAL MATCH (byName:Person {nameKey: toLower($name)})
       WITH coalesce(byId, byName) AS p
       WHERE p IS NOT NULL
       ${PERSON_DETAILS}`,
      { idOrName, name: idOrName.trim() },
    );
    const record = result.records[0];
    return record ? toStoredPerson(record) : null;
  }

  listPeople(tx: Transaction, includeHidden: boolean): Promise<StoredPerson[]> {
    return tx
      .run(
        `MATCH (p:Person)
         WHERE $includeHidden OR NOT p.hidden
         ${PERSON_DETAILS}
         ORDER BY faces DESC, toInteger(substring(id, 1))`,
        { includeHidden },
      )
      .then((result) => result.records.map(toStoredPerson));
  }

  private async faceStates(tx: Transaction, faceIds: readonly string[]): Promise<Map<string, FaceState>> {
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (f:Face {id: id})
       OPTIONAL MATCH (f)-[r:OF]->(person:Person)
       RETURN f.id AS id, person.id AS personId,
         CASE WHEN r IS NOT NULL THEN r.source WHEN f.decidedNobody THEN 'user' ELSE null END AS source`,
      { ids: faceIds },
    );
    return new Map(
      result.records.map((record) => [
        record.get('id') as string,
        { personId: record.get('personId') as string | null, source: record.get('source') as AssignmentSource | null },
      ]),
    );
  }

  /** The trimmed name, if no other person holds it (ignoring case). */
  private async availableName(tx: Transaction, name: string, forPersonId: string | null): Promise<string> {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw new Error('a person name cannot be empty');
    const holder = await tx.run('MATCH (p:Person {nameKey: toLower($name)}) RETURN p.id AS id', { name: trimmed });
    const holderId = holder.records[0]?.get('id') as string | undefined;
    if (holderId !== undefined && holderId !== forPersonId) {
      throw new Error(`the name "${trimmed}" is already used by person ${holderId}; merge the two people instead`);
    }
    return trimmed;
  }
}

function toStoredPerson(record: Neo4jRecord): StoredPerson {
  return {
    id: record.get('id') as string,
    name: record.get('name') as string | null,
    hidden: record.get('hidden') === true,
    faces: record.get('faces') as number,
    photos: record.get('photos') as number,
    samplePath: record.get('samplePath') as string | null,
    bestFaceId: record.get('bestFaceId') as string | null,
  };
}
