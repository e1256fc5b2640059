import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { fileTypeFromFile } from 'file-type';

export interface DiscoveredFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export type DiscoveryEvent =
  | { kind: 'image'; file: DiscoveredFile; format: string }
  /** Named like an image but its bytes are not one we can read: reported, not silently dropped. */
  | { kind: 'not-an-image'; file: DiscoveredFile; reason: string }
  | { kind: 'skipped'; path: string; reason: string };

/** Folders and files that photo tools, NAS boxes and operating systems leave beside photos. */
const SYSTEM_NAMES = new Set(['@eaDir', '#recycle', '$RECYCLE.BIN', 'System Volume Information', 'Thumbs.db', 'desktop.ini', 'lost+found']);
/** Extensions of files meant as photos: one whose bytes are no image is reported as such, not skipped silently. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.jpe', '.png', '.webp', '.gif', '.tif', '.tiff', '.heic', '.heif', '.avif', '.bmp', '.jxl']);

/**
 * Walks folders depth-first in name order (so runs are reproducible), deciding what is an image by its bytes.
 * Follows symbolic links to folders but visits every real folder once, so link loops end.
 */
export async function* discoverImages(roots: readonly string[]): AsyncGenerator<DiscoveryEvent> {
  const visited = new Set<string>();
  for (const root of roots) {
    const absolute = resolve(root);
    const info = await stat(absolute).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${absolute}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}`);
    });
    if (info.isDirectory()) yield* walk(absolute, visited);
    else yield await classify(absolute);
  }
}

async function* walk(dir: string, visited: Set<string>): AsyncGenerator<DiscoveryEvent> {
  const real = await realpath(dir);
  if (visited.has(real)) return;
  visited.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    yield { kind: 'skipped', path: dir, reason: `cannot list folder: ${(err as Error).message}` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith('.') || SYSTEM_NAMES.has(entry.name)) continue;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => null);
      if (!target) {
        yield { kind: 'skipped', path, reason: 'broken symbolic link' };
        continue;
      }
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDir) yield* walk(path, visited);
    else if (isFile) yield await classify(path);
  }
}

async function classify(path: string): Promise<DiscoveryEvent> {
  const info = await stat(path);
  const file: DiscoveredFile = { path, size: info.size, mtimeMs: info.mtimeMs };
  // Reads only as much of the file as the format needs (a TIFF may point further in).
  const type = info.size > 0 ? await fileTypeFromFile(path).catch(() => undefined) : undefined;
  if (type?.mime.startsWith('image/')) return { kind: 'image', file, format: type.ext };
  const looksLikeImage = IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
  if (!looksLikeImage) return { kind: 'skipped', path, reason: type ? `not an image (${type.mime})` : 'not an image' };
  const reason = info.size === 0 ? 'empty file (0 bytes)' : type ? `content is ${type.mime}, not an image` : 'content is not a recognised image format';
  return { kind: 'not-an-image', file, reason };
}
