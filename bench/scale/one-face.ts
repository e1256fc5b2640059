/**
 * Assigning one new face as a scan does it: a photo with one new face of a stored person is stored, then the scan's
 * incremental clustering run (its neighbours and its decision, applied to the catalog) is timed. Issue 16's target
 * is this run's p95 at a million faces; storing the photo itself (about 14 ms on SQLite, README) is not in it.
 */
import { performance } from 'node:perf_hooks';
import type { Catalog } from '../../src/catalog/catalog.js';
import { clusterLibrary, type ClusterLibraryOptions } from '../../src/clustering/cluster-library.js';
import type { ClusteringThresholds } from '../../src/clustering/thresholds.js';
import { benchFace, benchPhoto } from '../knn/random-faces.js';
import { percentile } from './neighbour-queries.js';
import type { SyntheticFaces } from './synthetic-faces.js';

/** Query numbers from here on are the one-face photos' faces (measureQueries uses the first hundred or so). */
const FIRST_QUERY = 10_000;
/** Time after which no further one-face run starts (the row records how many ran). */
const ONE_FACE_BUDGET_MS = 180_000;

export interface OneFaceTimes {
  p50Ms: number;
  p95Ms: number;
  runs: number;
}

/**
 * `runs` one-face scans, one after another, into the library (run it after measureQueries: these faces are not in the
 * generator's truth). Photo numbers follow the stored photos, so they never collide with them.
 */
export async function measureOneFace(
  catalog: Catalog,
  faces: SyntheticFaces,
  pack: string,
  thresholds: ClusteringThresholds,
  options: Pick<ClusterLibraryOptions, 'strategy'> & { runs: number },
): Promise<OneFaceTimes> {
  const times: number[] = [];
  const firstPhoto = faces.faces / faces.facesPerPhoto;
  const startedAt = performance.now();
  // Up to `runs` runs, fewer once ONE_FACE_BUDGET_MS is spent (a run of the code before costs minutes at 300,000 faces).
  for (let run = 0; run < options.runs && (run === 0 || performance.now() - startedAt < ONE_FACE_BUDGET_MS); run++) {
    await catalog.storePhotos([benchPhoto(firstPhoto + run, [benchFace(0, faces.query(FIRST_QUERY + run))], pack)]);
    const start = performance.now();
    await clusterLibrary(catalog, pack, thresholds, { mode: 'incremental', neighbours: 'batch', strategy: options.strategy });
    times.push(performance.now() - start);
  }
  return { p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), runs: times.length };
}
