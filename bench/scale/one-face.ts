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
 * `runs` one-face scans per strategy, one after another into the library, the strategies taking turns (so each meets
 * the library at the same sizes and the same machine load); run it after measureQueries: these faces are not in the
 * generator's truth. Photo numbers follow the stored photos, so they never collide with them.
 */
export async function measureOneFace<S extends NonNullable<ClusterLibraryOptions['strategy']>>(
  catalog: Catalog,
  faces: SyntheticFaces,
  pack: string,
  thresholds: ClusteringThresholds,
  options: { strategies: readonly S[]; runs: number; /** One-face photos an earlier measure on this library stored already. */ stored?: number },
): Promise<Map<S, OneFaceTimes>> {
  const times = new Map<S, number[]>(options.strategies.map((s) => [s, []]));
  const firstPhoto = faces.faces / faces.facesPerPhoto;
  const startedAt = performance.now();
  let photo = options.stored ?? 0;
  // Up to `runs` turns, fewer once ONE_FACE_BUDGET_MS is spent (a run of the code before costs minutes at 300,000 faces).
  for (let run = 0; run < options.runs && (run === 0 || performance.now() - startedAt < ONE_FACE_BUDGET_MS); run++) {
    for (const strategy of options.strategies) {
      await catalog.storePhotos([benchPhoto(firstPhoto + photo, [benchFace(0, faces.query(FIRST_QUERY + photo))], pack)]);
      photo++;
      const start = performance.now();
      await clusterLibrary(catalog, pack, thresholds, { mode: 'incremental', neighbours: 'batch', strategy });
      times.get(strategy)!.push(performance.now() - start);
    }
  }
  return new Map([...times].map(([s, t]) => [s, { p50Ms: percentile(t, 0.5), p95Ms: percentile(t, 0.95), runs: t.length }]));
}
