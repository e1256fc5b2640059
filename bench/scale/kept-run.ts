/** What the scripts that measure a catalog bench:scale kept (--keep) share: their options and the generator behind it. */
import { join } from 'node:path';
import { type EmbeddingStatistics, readLfwStatistics } from './lfw-statistics.js';
import { FACES_PER_PHOTO } from './measure.js';
import { SyntheticFaces } from './synthetic-faces.js';

/** parseArgs options: the kept row's folder, the lfw/ catalog, and the row's size and seed. */
export const KEPT_RUN_OPTIONS = {
  dir: { type: 'string' },
  'lfw-catalog': { type: 'string' },
  faces: { type: 'string' },
  seed: { type: 'string', default: '1' },
} as const;

/** The kept catalog's file and the generator that made its faces (the same statistics, size and seed). */
export function keptRun(values: { dir?: string; 'lfw-catalog'?: string; faces?: string; seed?: string }): {
  catalogFile: string;
  stats: EmbeddingStatistics;
  faces: SyntheticFaces;
} {
  if (!values.dir || !values['lfw-catalog'] || !values.faces) throw new Error('say --dir (a kept row), --lfw-catalog and --faces');
  const stats = readLfwStatistics(values['lfw-catalog']);
  return {
    catalogFile: join(values.dir, 'catalog.db'),
    stats,
    faces: new SyntheticFaces(stats, Number(values.faces), FACES_PER_PHOTO, Number(values.seed ?? '1')),
  };
}
