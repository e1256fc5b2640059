import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { assertValidObjectKey } from '../object-key.js';
import type { ObjectStore } from '../object-store.js';

/** Objects as files below one folder; writes go to a temporary name first so a crash never leaves half a file. */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  describe(): string {
    return this.root;
  }

  // A file's type is its name's business here; the parameter exists for stores that keep it (S3).
  async put(key: string, body: Uint8Array, _contentType?: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, body);
    await rename(temp, path);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const bytes = await readFile(this.pathOf(key));
      // A plain Uint8Array, as every store returns, rather than Node's Buffer subclass.
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(() => true, () => false);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<string> {
    const files = await readdir(this.root, { recursive: true, withFileTypes: true }).catch(() => []);
    const keys = files
      .filter((f) => f.isFile() && !f.name.endsWith('.tmp'))
      .map((f) => relative(this.root, join(f.parentPath, f.name)).split(sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort();
    yield* keys;
  }

  private pathOf(key: string): string {
    assertValidObjectKey(key);
    return join(this.root, ...key.split('/'));
  }
}
