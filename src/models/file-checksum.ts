import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const verified = new Map<string, string>();

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * True when the file's sha256 is the expected one. Remembers verified files by size and mtime
 * so that every worker start does not re-hash megabytes of weights.
 */
export async function hasChecksum(path: string, expected: string): Promise<boolean> {
  const info = await stat(path);
  const key = `${path}:${info.size}:${info.mtimeMs}`;
  const known = verified.get(key) ?? (await sha256OfFile(path));
  verified.set(key, known);
  return known === expected;
}
