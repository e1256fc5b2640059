import { isAbsolute, join, relative } from 'node:path';
import type { Config } from '../../config/config.js';

/**
 * Where `models pull` installs: the first model folder inside the library, so that pulled weights travel
 * with the library and never land in a shared or read-only folder from FACETAG_MODELS_PATH.
 */
export function libraryModelsDir(config: Pick<Config, 'library' | 'modelDirs'>): string {
  const inside = config.modelDirs.find((dir) => {
    const rel = relative(config.library, dir);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  return inside ?? join(config.library, 'models');
}
