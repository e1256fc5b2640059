import { createHash } from 'node:crypto';
import type { SettingsCatalog } from '../catalog/catalog.js';

/** Bytes of a face id's SHA-256 kept: 64 bits, so a million faces collide with odds of about 1 in 30 million. */
const HASH_BYTES = 8;

/**
 * The faces a clustering run judged and left without a person, remembered in the catalog's settings (as 8-byte hashes
 * of their ids, about 11 MB of setting text per million unassigned faces). The next incremental run judges again only those of
 * them a new face comes near: nothing else about them changed, so the same method would leave them as they are.
 * A face missing from the set (a new one, one a user action made unassigned, or every face before the first run that
 * wrote the set) counts as new.
 */
export class SettledFaces {
  private constructor(private readonly hashes: ReadonlySet<string>) {}

  /** The set the last run of this pack stored; empty when none did. */
  static async load(catalog: Pick<SettingsCatalog, 'getSetting'>, pack: string): Promise<SettledFaces> {
    const stored = await catalog.getSetting(settingKey(pack));
    const hashes = new Set<string>();
    if (stored !== null) {
      const bytes = Buffer.from(stored, 'base64');
      if (bytes.length % HASH_BYTES !== 0) throw new Error(`setting ${settingKey(pack)} is damaged (${bytes.length} bytes); delete it to judge every unassigned face again`);
      for (let at = 0; at < bytes.length; at += HASH_BYTES) hashes.add(bytes.toString('hex', at, at + HASH_BYTES));
    }
    return new SettledFaces(hashes);
  }

  /**
   * Replaces the stored set. Called only after the run's result is stored: a run killed before that leaves the old set,
   * so its faces count as new again and nothing is skipped.
   */
  static async store(catalog: Pick<SettingsCatalog, 'setSetting'>, pack: string, faceIds: Iterable<string>): Promise<void> {
    const chunks: Buffer[] = [];
    for (const id of faceIds) chunks.push(hashOf(id));
    await catalog.setSetting(settingKey(pack), Buffer.concat(chunks).toString('base64'));
  }

  has(faceId: string): boolean {
    return this.hashes.has(hashOf(faceId).toString('hex'));
  }

  get size(): number {
    return this.hashes.size;
  }
}

function settingKey(pack: string): string {
  return `clustering.settled.${pack}`;
}

function hashOf(faceId: string): Buffer {
  return createHash('sha256').update(faceId).digest().subarray(0, HASH_BYTES);
}
