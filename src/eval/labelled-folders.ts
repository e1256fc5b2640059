import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Identities from folder-per-person layouts: every image's identity is its folder below the root,
 * prefixed with the root's name so that two sets never share an identity by accident.
 */
export async function labelsFromFolders(roots: readonly string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const root of roots) {
    const absolute = resolve(root);
    const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.') || !/\.(jpe?g|png|webp|gif|tiff?|avif|heic|bmp)$/i.test(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      const folder = relative(absolute, dirname(path));
      if (folder === '') continue;
      labels.set(path, `${basename(absolute)}/${folder.split(sep).join('/')}`);
    }
  }
  return labels;
}

export interface LabelledPair {
  fold: number;
  same: boolean;
  pathA: string;
  pathB: string;
}

/** Reads pairs-balanced.tsv (fold, same, path A, path B; paths relative to the datasets folder). */
export function parsePairs(text: string, datasetsDir: string): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const [fold, same, a, b] = line.split('\t');
    if (fold === undefined || same === undefined || !a || !b) throw new Error(`pairs file line ${i + 1}: expected fold, same, path A, path B`);
    pairs.push({ fold: Number(fold), same: same.trim() === '1', pathA: resolve(datasetsDir, a.trim()), pathB: resolve(datasetsDir, b.trim()) });
  });
  return pairs;
}
