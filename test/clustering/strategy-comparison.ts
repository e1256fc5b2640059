import { expect } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { clusterBounded, type ClusterLibraryOptions, sourceFor } from '../../src/clustering/cluster-library.js';
import { clusterNeighbourhood } from '../../src/clustering/neighbourhood-run.js';
import type { ClusteringThresholds } from '../../src/clustering/thresholds.js';
import { recordingMethod } from './planner-view.js';
import type { SyntheticFace } from './synthetic.js';

/**
 * The library's photos (whole: a photo split between runs would be stored once, by its first part) as runs: the first
 * `bulkShare` of them in one run, the rest in runs of `sizes` photos, cycling, as small scans.
 */
export function photoRuns(faces: readonly SyntheticFace[], bulkShare: number, sizes: readonly number[]): SyntheticFace[][] {
  const byPhoto = new Map<string, SyntheticFace[]>();
  for (const f of faces) byPhoto.set(f.photoId, [...(byPhoto.get(f.photoId) ?? []), f]);
  const photos = [...byPhoto.values()];
  const bulk = Math.floor(photos.length * bulkShare);
  const runs: SyntheticFace[][] = [photos.slice(0, bulk).flat()];
  for (let at = bulk, i = 0; at < photos.length; i++) {
    const take = sizes[i % sizes.length]!;
    runs.push(photos.slice(at, at + take).flat());
    at += take;
  }
  return runs;
}

/**
 * The change and the settled faces a run would store, without storing them (the catalog is left as it was): so two
 * strategies can be compared on one catalog, whose approximate index then answers both alike.
 */
function dryRun(catalog: Catalog): { catalog: Catalog; change: () => unknown; settled: () => string | undefined } {
  let change: unknown;
  let settled: string | undefined;
  const proxy = new Proxy(catalog, {
    get(target, key, receiver) {
      if (key === 'applyClustering') return async (c: unknown) => void (change = c);
      if (key === 'setSetting') return async (_key: string, value: string) => void (settled = value);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { catalog: proxy, change: () => change, settled: () => settled };
}

/** What a run passed to applyClustering and the faces it stored as settled (the digest before ':' aside). */
function recorded(run: ReturnType<typeof dryRun>) {
  return { change: run.change(), settled: run.settled()?.split(':')[1] };
}

/**
 * Runs the neighbourhood run and the bounded run side by side on the catalog, neither storing anything, and expects
 * the same planner view (planner-view.ts) and the same change and settled faces. Returns the bounded run's views.
 */
export async function expectSameRun(catalog: Catalog, pack: string, t: ClusteringThresholds, options: ClusterLibraryOptions): Promise<unknown[]> {
  const localViews: unknown[] = [];
  const wholeViews: unknown[] = [];
  const local = dryRun(catalog);
  await clusterNeighbourhood(local.catalog, pack, t, recordingMethod(localViews), { source: sourceFor(local.catalog, pack, t, options), maxNewFaces: null });
  const whole = dryRun(catalog);
  await clusterBounded(whole.catalog, pack, t, options, recordingMethod(wholeViews));
  expect(localViews).toEqual(wholeViews);
  expect(recorded(local)).toEqual(recorded(whole));
  return wholeViews;
}
