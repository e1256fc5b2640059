import { createHash } from 'node:crypto';
import type { SettingsCatalog } from '../catalog/catalog.js';

/** Bytes of a face id's SHA-256 kept: 64 bits, so a million faces collide with odds of about 1 in 30 million. */
const HASH_BYTES = 8;

/**
 * The faces a clustering run judged and left without a person, remembered in the catalog's settings (as 8-byte hashes
 * of their ids, about 11 MB of setting text per million unassigned faces). The next incremental run judges again only those of
 * them a new face comes near: nothing else about them changed, so the same method would leave them as they are.
 * A face missing from the set (a new one, one a user action made unassigned, or every face before the first run that
 * wrote the set) counts as new, and so does every face once the user's decisions changed (decisions-digest.ts).
 */
export class SettledFaces {
  private constructor(private readonly hashes: ReadonlySet<string>) {}

  /**
   * The set the last run of this pack stored; empty when none did, or when the user's decisions changed since
   * (`decisions`, decisions-digest.ts): then every unassigned face is judged again once.
   */
  static async load(catalog: Pick<SettingsCatalog, 'getSetting'>, pack: string, decisions: string): Promise<SettledFaces> {
    const stored = await catalog.getSetting(settingKey(pack));
    const hashes = new Set<string>();
    if (stored === null) return new SettledFaces(hashes);
    const [storedDecisions, faces] = stored.split(':');
    if (faces === undefined) throw damaged(pack, 'no decisions digest');
    if (storedDecisions !== decisions) return new SettledFaces(hashes);
    const bytes = Buffer.from(faces, 'base64');
    if (bytes.length % HASH_BYTES !== 0) throw damaged(pack, `${bytes.length} bytes`);
    for (let at = 0; at < bytes.length; at += HASH_BYTES) hashes.add(bytes.toString('hex', at, at + HASH_BYTES));
    return new SettledFaces(hashes);
  }

  /**
   * Replaces the stored set, with the digest of the decisions the run judged against. Called only after the run's
   * result is stored: a run killed before that leaves the old set, so its faces count as new again and nothing is skipped.
   */
  static async store(catalog: Pick<SettingsCatalog, 'setSetting'>, pack: string, decisions: string, faceIds: Iterable<string>): Promise<void> {
    const chunks: Buffer[] = [];
    for (const id of faceIds) chunks.push(hashOf(id));
    await catalog.setSetting(settingKey(pack), `${decisions}:${Buffer.concat(chunks).toString('base64')}`);
  }

  has(faceId: string): boolean {
    return this.hashes.has(hashOf(faceId).toString('hex'));
  }

  get size(): number {
    return this.hashes.size;
  }
}

function damaged(pack: string, why: string): Error {
  return new Error(`setting ${settingKey(pack)} is damaged (${why}); delete it to judge every unassigned face again`);
}

function settingKey(pack: string): string {
  return `clustering.settled.${pack}`;
}

function hashOf(faceId: string): Buffer {
  return createHash('sha256').update(faceId).digest().subarray(0, HASH_BYTES);
}
