import type { Command } from 'commander';
import { resolveConfig, type Config, type ConfigInput } from '../config/config.js';
import { openLibrary, type Library } from '../library/open-library.js';
import { FacetagLibrary } from '../api/facetag-library.js';

type CommandSettings = Omit<ConfigInput, 'library' | 'objects' | 'graph'>;

/** The global flags plus a command's own settings, as openLibrary and resolveConfig take them. */
function settingsFrom(command: Command, extra: CommandSettings): ConfigInput {
  const globals = command.optsWithGlobals<{ library?: string; objects?: string; graph?: string }>();
  return { ...extra, library: globals.library, objects: globals.objects, graph: globals.graph };
}

/** Settings from the global flags plus a command's own, read once. */
export function configFrom(command: Command, extra: CommandSettings = {}): Config {
  return resolveConfig(settingsFrom(command, extra), process.env);
}

/**
 * Opens the library API (what programs and the server use) with the command's flags, runs `work`, and always
 * closes it: SQLite's WAL is checkpointed and the model threads, if any started, end.
 */
export async function withLibraryApi<T>(command: Command, work: (lib: FacetagLibrary) => Promise<T>, extra: CommandSettings = {}): Promise<T> {
  const lib = await FacetagLibrary.open({ ...settingsFrom(command, extra), env: process.env });
  try {
    return await work(lib);
  } finally {
    await lib.close();
  }
}

/** Opens the library, runs `work`, and always closes it so SQLite's WAL is checkpointed. */
export async function withLibrary<T>(config: Config, work: (library: Library) => Promise<T>): Promise<T> {
  const library = await openLibrary(config);
  try {
    return await work(library);
  } finally {
    await library.close();
  }
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive whole number, got "${value}"`);
  return n;
}
