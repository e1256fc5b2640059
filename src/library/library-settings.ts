import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * library.json, where libraries made before the catalog kept settings remembered their pack. Only read, to carry
 * the pack over into the catalog (see currentPack in open-library.ts).
 */
const LibrarySettingsSchema = z.object({
  version: z.literal(1),
  pack: z.string().nullable(),
});

export type LibrarySettings = z.infer<typeof LibrarySettingsSchema>;

const FILE = 'library.json';

export async function readLibrarySettings(libraryDir: string): Promise<LibrarySettings> {
  const path = join(libraryDir, FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, pack: null };
    throw new Error(`cannot read library settings ${path}: ${(err as Error).message}`);
  }
  const parsed = LibrarySettingsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`library settings ${path} are invalid: ${parsed.error.message}`);
  return parsed.data;
}
