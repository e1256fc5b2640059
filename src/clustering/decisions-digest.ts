import { createHash } from 'node:crypto';
import type { Constraint, StoredFace } from '../catalog/catalog.js';

/**
 * A digest of what the user decided that clustering reads: the faces the user placed (or set aside), the constraints,
 * and the people (ids, names, hidden). A settled face (settled-faces.ts) was left unassigned against these decisions;
 * once they change (a face named, two people merged, a "not this person"), any settled face may now join someone, so
 * the next incremental run judges all of them once, as before issue 16. Clustering never changes the user's faces or
 * constraints, only people (new ones, emptied ones), so a run stores the digest of the people as it left them.
 */
export function decisionsDigest(
  faces: readonly Pick<StoredFace, 'id' | 'personId' | 'source'>[],
  constraints: readonly Constraint[],
  people: readonly { id: string; name: string | null; hidden: boolean }[],
): string {
  const hash = createHash('sha256');
  const userFaces = faces.filter((f) => f.source === 'user').map((f) => `${f.id}\t${f.personId ?? ''}`);
  for (const line of userFaces.sort()) hash.update(`face\t${line}\n`);
  for (const line of constraints.map((c) => JSON.stringify(c)).sort()) hash.update(`constraint\t${line}\n`);
  for (const line of people.map((p) => JSON.stringify([p.id, p.name, p.hidden])).sort()) hash.update(`person\t${line}\n`);
  return hash.digest('hex').slice(0, 16);
}
