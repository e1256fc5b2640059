import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding facetag's package.json, whether running from src/ (tests) or dist/ (installed). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'packs'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the facetag package folder (package.json with packs/)');
    dir = parent;
  }
}
