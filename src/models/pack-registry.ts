import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { hasChecksum } from './file-checksum.js';
import { packFiles, PackManifestSchema, type PackManifest } from './pack-manifest.js';

/** Packs facetag knows by name: the manifests in packs/ (checked into the repository, no weights). */
export function knownPacks(): PackManifest[] {
  const dir = join(packageRoot(), 'packs');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'manifest.json')))
    .map((entry) => readManifest(join(dir, entry.name, 'manifest.json')))
    .sort((a, b) => b.preference - a.preference || a.name.localeCompare(b.name));
}

export function readManifest(path: string): PackManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`model pack manifest ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = PackManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`model pack manifest ${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Refuses unknown names, listing the known ones, so a typo never silently picks another model. */
export function findPack(name: string): PackManifest {
  const packs = knownPacks();
  const pack = packs.find((p) => p.name === name);
  if (!pack) throw new Error(`unknown model pack "${name}"; known packs: ${packs.map((p) => p.name).join(', ')}`);
  return pack;
}

export interface LocatedPack {
  manifest: PackManifest;
  /** Absolute path of every weights file, by the manifest's file name. */
  files: Map<string, string>;
}

export type PackAvailability =
  | { available: true; located: LocatedPack }
  | { available: false; missing: string[]; badChecksum: string[] };

/**
 * Finds a pack's weights in the model folders: first `<dir>/<pack>/<file>` (where `models pull` installs),
 * then `<dir>/<file>` (a folder of loose model files, such as the shared test models).
 */
export async function locatePack(manifest: PackManifest, modelDirs: readonly string[]): Promise<PackAvailability> {
  const files = new Map<string, string>();
  const missing: string[] = [];
  const badChecksum: string[] = [];
  for (const { file, sha256 } of packFiles(manifest)) {
    const candidates = modelDirs.flatMap((dir) => [join(dir, manifest.name, file), join(dir, file)]).filter((p) => existsSync(p));
    let found: string | undefined;
    for (const candidate of candidates) {
      if (await hasChecksum(candidate, sha256)) {
        found = candidate;
        break;
      }
      badChecksum.push(candidate);
    }
    if (found) files.set(file, found);
    else missing.push(file);
  }
  if (missing.length > 0) return { available: false, missing, badChecksum };
  return { available: true, located: { manifest, files } };
}

/** The best pack whose weights are here; the built-in pack needs none, so there always is one. */
export async function bestAvailablePack(modelDirs: readonly string[]): Promise<LocatedPack> {
  for (const manifest of knownPacks()) {
    const result = await locatePack(manifest, modelDirs);
    if (result.available) return result.located;
  }
  throw new Error(`no model pack is available; searched ${modelDirs.join(', ')}`);
}
