import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { openSqliteCatalog } from '../catalog/sqlite/open-sqlite-catalog.js';
import type { Config } from '../config/config.js';
import { bestAvailablePack, findPack } from '../models/pack-registry.js';
import { LocalObjectStore } from '../objects/local/local-object-store.js';
import type { ObjectStore } from '../objects/object-store.js';
import { readLibrarySettings, writeLibrarySettings } from './library-settings.js';
import { openS3ObjectStore } from '../objects/s3/open-s3-object-store.js';
import { s3SettingsFor } from './s3-settings-for.js';

export interface Library {
  dir: string;
  catalog: Catalog;
  objects: ObjectStore;
  close(): Promise<void>;
}

/**
 * Opens (and creates on first use) the library: by default a SQLite catalog and a folder of face crops in the
 * library folder; with --objects a bucket for the crops. Remote stores are checked first, so an unreachable
 * server fails the command before anything is written.
 */
export async function openLibrary(config: Config): Promise<Library> {
  await mkdir(config.library, { recursive: true });
  const objects: ObjectStore = config.objects
    ? await openS3ObjectStore(s3SettingsFor(config.objects, config))
    : new LocalObjectStore(join(config.library, 'objects'));
  const catalog = await openSqliteCatalog(join(config.library, 'catalog.sqlite'));
  return { dir: config.library, catalog, objects, close: () => catalog.close() };
}

/**
 * The pack this library uses: an explicit choice wins (and is remembered), then the remembered one,
 * then on first use the best pack whose weights are here. Embeddings of different packs are never compared,
 * so the choice is sticky.
 */
export async function libraryPack(config: Config): Promise<string> {
  const settings = await readLibrarySettings(config.library);
  if (config.pack) {
    findPack(config.pack);
    if (settings.pack !== config.pack) await writeLibrarySettings(config.library, { ...settings, pack: config.pack });
    return config.pack;
  }
  if (settings.pack) return settings.pack;
  const best = await bestAvailablePack(config.modelDirs);
  await writeLibrarySettings(config.library, { ...settings, pack: best.manifest.name });
  return best.manifest.name;
}
