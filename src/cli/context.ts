import type { Command } from 'commander';
import { resolveConfig, type Config, type ConfigInput } from '../config/config.js';
import { openLibrary, type Library } from '../library/open-library.js';

/** Settings from the global flags plus a command's own, read once. */
export function configFrom(command: Command, extra: Omit<ConfigInput, 'library'> = {}): Config {
  const globals = command.optsWithGlobals<{ library?: string; objects?: string; graph?: string }>();
  return resolveConfig({ ...extra, library: globals.library, objects: globals.objects, graph: globals.graph }, process.env);
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
