import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const TOKEN_FILE = 'server-token';

/**
 * The API token: FACETAG_TOKEN when set, else one made on first start and kept in the library folder, readable
 * by its owner only, so the same link keeps working across restarts.
 */
export async function loadOrCreateToken(libraryDir: string, fromEnv: string | undefined): Promise<{ token: string; file: string | null }> {
  if (fromEnv !== undefined && fromEnv !== '') return { token: fromEnv, file: null };
  const file = join(libraryDir, TOKEN_FILE);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored !== '') return { token: stored, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the server token ${file}: ${(err as Error).message}`);
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  // flag 'wx': two servers starting at once must not overwrite each other's token.
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateToken(libraryDir, fromEnv);
    throw err;
  }
  await chmod(file, 0o600);
  return { token, file };
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The cookie holds a value derived from the token, so a leaked cookie jar does not hand out the API token itself. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('facetag browser session').digest('base64url');
}
