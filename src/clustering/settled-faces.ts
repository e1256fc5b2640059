import { createHash } from 'node:crypto';
import type { SettingsCatalog } from '../catalog/catalog.js';

/**
 * The faces a clustering run judged and left without a person, remembered in the catalog's settings by their ids
 * without the pack (every face of the set is of that pack, so `<photo prefix>.<pack>.<index>` is kept as
 * `<photo prefix>.<index>`: exact, about 19 characters a face, some 5 MB of setting text per 250,000 unassigned faces).
 * The next incremental run judges again only those of them a new face comes near: nothing else about them changed, so
 * the same method would leave them as they are. A face missing from the set (a new one, one a user action made
 * unassigned, or every face before the first run that wrote the set) counts as new, and so does every face once the
 * user's decisions changed (decisions-digest.ts).
 */
export class SettledFaces {
  private constructor(
    private readonly contains: (faceId: string) => boolean,
    readonly size: number,
  ) {}

  /**
   * The set the last run of this pack stored; empty when none did, or when the user's decisions changed since
   * (`decisions`, decisions-digest.ts): then every unassigned face is judged again once.
   */
  static async load(catalog: Pick<SettingsCatalog, 'getSetting'>, pack: string, decisions: string): Promise<SettledFaces> {
    const stored = await catalog.getSetting(settingKey(pack));
    if (stored === null) return new SettledFaces(() => false, 0);
    const at = stored.indexOf(':');
    if (at < 0) throw damaged(pack, 'no decisions digest');
    if (stored.slice(0, at) !== decisions) return new SettledFaces(() => false, 0);
    const faces = stored.slice(at + 1);
    if (faces.startsWith(KEYS_MARK)) {
      const keys = new Set(faces.length === KEYS_MARK.length ? [] : faces.slice(KEYS_MARK.length).split(','));
      return new SettledFaces((faceId) => keys.has(keyOf(faceId, pack)), keys.size);
    }
    const hashed = hashedFaces(pack, faces);
    return new SettledFaces(hashed.has, hashed.size);
  }

  /**
   * Replaces the stored set, with the digest of the decisions the run judged against. Called only after the run's
   * result is stored: a run killed before that leaves the old set, so its faces count as new again and nothing is skipped.
   */
  static async store(catalog: Pick<SettingsCatalog, 'setSetting'>, pack: string, decisions: string, faceIds: Iterable<string>): Promise<void> {
    const keys: string[] = [];
    for (const id of faceIds) {
      const key = keyOf(id, pack);
      if (key.includes(',')) throw new Error(`face id ${id} holds a comma, which the set of settled faces of pack ${pack} cannot store`);
      keys.push(key);
    }
    await catalog.setSetting(settingKey(pack), `${decisions}:${KEYS_MARK}${keys.join(',')}`);
  }

  has(faceId: string): boolean {
    return this.contains(faceId);
  }
}

/** Starts the stored ids; the sets facetag stored before (8-byte SHA-256 prefixes, base64) never start so. */
const KEYS_MARK = 'ids:';

/**
 * A face id without its pack: faceId's `<16 hex digits>.<pack>.<index>` as `<16 hex digits>.<index>`; an id of another
 * shape is kept whole behind "=", which no such key starts with, so two faces never share a key.
 */
function keyOf(faceId: string, pack: string): string {
  const rest = faceId.slice(16);
  const index = rest.slice(pack.length + 2);
  const shaped = rest.startsWith(`.${pack}.`) && /^[0-9a-f]{16}$/.test(faceId.slice(0, 16)) && /^\d+$/.test(index);
  return shaped ? `${faceId.slice(0, 16)}.${index}` : `=${faceId}`;
}

/** Bytes of a face id's SHA-256 the sets of earlier versions kept (read once, until the next run stores ids). */
const HASH_BYTES = 8;

function hashedFaces(pack: string, faces: string): { has: (faceId: string) => boolean; size: number } {
  const bytes = Buffer.from(faces, 'base64');
  if (bytes.length % HASH_BYTES !== 0) throw damaged(pack, `${bytes.length} bytes`);
  const hashes = new Set<string>();
  for (let at = 0; at < bytes.length; at += HASH_BYTES) hashes.add(bytes.toString('hex', at, at + HASH_BYTES));
  const hashOf = (faceId: string) => createHash('sha256').update(faceId).digest().toString('hex', 0, HASH_BYTES);
  return { has: (faceId) => hashes.has(hashOf(faceId)), size: hashes.size };
}

function damaged(pack: string, why: string): Error {
  return new Error(`setting ${settingKey(pack)} is damaged (${why}); delete it to judge every unassigned face again`);
}

function settingKey(pack: string): string {
  return `clustering.settled.${pack}`;
}
