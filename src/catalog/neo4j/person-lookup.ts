import { unknownPersonError } from '../catalog-errors.js';
import type { Transaction } from './connection.js';

/** Throws for the first of the ids, in the order given, that names no person. */
export async function requirePeople(tx: Transaction, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  const existing = await existingPeople(tx, personIds);
  for (const id of personIds) if (!existing.has(id)) throw unknownPersonError(id);
}

export async function existingPeople(tx: Transaction, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const result = await tx.run('UNWIND $ids AS id MATCH (p:Person {id: id}) RETURN p.id AS id', { ids: [...new Set(personIds)] });
  return new Set(result.records.map((record) => record.get('id') as string));
}
