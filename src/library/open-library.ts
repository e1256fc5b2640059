import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { openNeo4jCatalog } from '../catalog/neo4j/open-neo4j-catalog.js';
import { openSqliteCatalog } from '../catalog/sqlite/open-sqlite-catalog.js';
import type { Config } from '../config/config.js';
import { bestAvailablePack, findPack } from '../models/pack-registry.js';
import { LocalObjectStore } from '../objects/local/local-object-store.js';
import type { ObjectStore } from '../objects/object-store.js';
import { openS3ObjectStore } from '../objects/s3/open-s3-object-store.js';
import { graphSettingsFor } from './graph-settings-for.js';
import { readLibrarySettings } from './library-settings.js';
import { s3SettingsFor } from './s3-settings-for.js';

export interface Library {
  dir: string;
  /** embedded: SQLite in the library folder; graph: a Neo4j server. */
  kind: 'embedded' | 'graph';
  catalog: Catalog;
  objects: ObjectStore;
  /** Where the catalog lives, for people to read: a file path or the graph's URL (never with its password). */
  describeCatalog(): string;
  close(): Promise<void>;
}

/**
 * Opens (and creates on first use) the library: by default a SQLite catalog and a folder of face crops in the
 * library folder; with --graph a Neo4j catalog, with --objects a bucket for the crops. Remote stores are checked
 * before anything is created, so an unreachable server fails the command with nothing written.
 */
export async function openLibrary(config: Config): Promise<Library> {
  const objects: ObjectStore = config.objects
    ? await openS3ObjectStore(s3SettingsFor(config.objects, config))
    : new LocalObjectStore(join(config.library, 'objects'));
  if (config.graph) {
    const settings = graphSettingsFor(config.graph, config);
    const catalog = await openNeo4jCatalog(settings);
    await mkdir(config.library, { recursive: true });
    const where = settings.database ? `${settings.url} (database ${settings.database})` : settings.url;
    return { dir: config.library, kind: 'graph', catalog, objects, describeCatalog: () => where, close: () => catalog.close() };
  }
  await mkdir(config.library, { recursive: true });
  const file = join(config.library, 'catalog.sqlite');
  const catalog = await openSqliteCatalog(file, { approximateSearch: config.approximateSearch });
  return { dir: config.library, kind: 'embedded', catalog, objects, describeCatalog: () => file, close: () => catalog.close() };
}

const PACK_SETTING = 'pack';

/** The pack the library's embeddings were made with, or null before the first scan. */
export async function currentPack(library: Library): Promise<string | null> {
  const stored = await library.catalog.getSetting(PACK_SETTING);
  if (stored !== null) return stored;
  // Libraries made before the catalog kept settings remembered the pack in library.json beside the catalog.
  if (library.kind !== 'embedded') return null;
  const legacy = (await readLibrarySettings(library.dir)).pack;
  if (legacy !== null) await library.catalog.setSetting(PACK_SETTING, legacy);
  return legacy;
}

export async function setPack(library: Library, pack: string): Promise<void> {
  findPack(pack);
  await library.catalog.setSetting(PACK_SETTING, pack);
}

/**
 * The pack this library uses: an explicit choice wins (and is remembered), then the remembered one,
 * then on first use the best pack whose weights are here. Embeddings of different packs are never compared,
 * so the choice is sticky. Kept in the catalog, so every machine working on one graph uses the same pack.
 */
export async function libraryPack(library: Library, config: Config): Promise<string> {
  const current = await currentPack(library);
  if (config.pack) {
    if (current !== config.pack) await setPack(library, config.pack);
    return config.pack;
  }
  if (current !== null) return current;
  const best = await bestAvailablePack(config.modelDirs);
  await setPack(library, best.manifest.name);
  return best.manifest.name;
}
