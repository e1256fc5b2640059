import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the read-only shared material beside it (../shared). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = resolve(REPO_ROOT, '..', 'shared');
export const DATASETS = join(SHARED, 'datasets');
export const SHARED_MODELS = join(SHARED, 'models');

if (!existsSync(DATASETS)) throw new Error(`tests need the shared data sets at ${DATASETS}`);

export function dataset(...parts: string[]): string {
  return join(DATASETS, ...parts);
}
