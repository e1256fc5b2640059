/** One row of the scale benchmark: a catalog of N synthetic faces built, then today's neighbour search and clustering timed. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { clusterLibrary } from '../../src/clustering/cluster-library.js';
import { thresholdsForPack } from '../../src/clustering/pack-thresholds.js';
import { findPack } from '../../src/models/pack-registry.js';
import type { EmbeddingStatistics } from './lfw-statistics.js';
import { measureQueries } from './neighbour-queries.js';
import { measureOneFace, type OneFaceTimes } from './one-face.js';
import { storeLibrary } from './store-synthetic.js';
import { SyntheticFaces } from './synthetic-faces.js';

export const NEW_FACES = 2_000;
export const FACES_PER_PHOTO = 5;
/** One-face scans timed per row, at most (one-face.ts stops earlier once its time budget is spent). */
export const ONE_FACE_RUNS_BEFORE = 3;
export const ONE_FACE_RUNS_AFTER = 40;

export interface ScaleRow {
  /** before / after on SQLite; neo4j (facetag's index setting) and neo4j-quantized (Neo4j's default int8) with --neo4j. */
  code: 'before' | 'after' | 'neo4j' | 'neo4j-quantized';
  faces: number;
  queryP50Ms: number;
  queryP95Ms: number;
  recallAt10: number;
  /** null when the row measured the queries only (ScaleRun.queriesOnly, and the neo4j-quantized row). */
  incrementalMs: number | null;
  /** Assigning one new face as a scan does (one-face.ts): the incremental run after one photo with one new face. */
  oneFaceP50Ms: number | null;
  oneFaceP95Ms: number | null;
  oneFaceRuns: number;
  /** 'queries only': the row skipped the clustering work (ScaleRun.queriesOnly); its null fields were not measured. */
  measured: 'all' | 'queries only';
  /** null when the run was asked to skip the recluster (--no-recluster). */
  reclusterMs: number | null;
  peakRssMb: number;
  /** null on Neo4j: the store is the server's (its data directory), not this process's. */
  diskMb: number | null;
  /** after only: the library was stored by an earlier, stopped run (--reuse-stored); peak RSS leaves out storing it. */
  libraryReused?: boolean;
  /**
   * after only: the one-face run of the bounded path (every face and person of the pack read, issue 16's first step),
   * measured in the same run as oneFace (the neighbourhood run, clusterLibrary's default), turn about.
   */
  oneFaceBoundedP50Ms?: number;
  oneFaceBoundedP95Ms?: number;
  /** after only: building the approximate index from the stored faces. */
  indexBuildMs?: number;
}

export const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

export function diskMb(file: string): number {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return (size(file) + size(`${file}-wal`) + size(`${file}-shm`)) / 2 ** 20;
}

/** One row's run: a library of faceCount faces drawn from stats with seed, in dir; recluster false skips the recluster. */
export interface ScaleRun {
  stats: EmbeddingStatistics;
  faceCount: number;
  seed: number;
  dir: string;
  recluster: boolean;
  /** Measure the neighbour queries only (the code before issue 16 at sizes where its clustering runs take hours). */
  queriesOnly: boolean;
  /** after only: take the library a kept run (--keep) already stored in dir instead of storing it again. */
  reuseStored?: boolean;
}

/** What both rows work on: the synthetic faces of a size and seed, the catalog file, the pack's thresholds. */
export function benchLibrary({ stats, faceCount, seed, dir }: ScaleRun) {
  const pack = stats.pack;
  return {
    pack,
    faces: new SyntheticFaces(stats, faceCount, FACES_PER_PHOTO, seed),
    file: join(dir, 'catalog.db'),
    thresholds: thresholdsForPack(findPack(pack)),
  };
}

/**
 * Today's code on SQLite (the exact scan; every unassigned face judged in every incremental run, every embedding in
 * memory: clusterLibrary's 'whole-library' strategy): N - NEW_FACES faces stored and sorted into their true people
 * (as a past clustering would have), NEW_FACES more stored, the incremental run that brings them in, QUERIES neighbour
 * queries of new photos of stored people (p50/p95, recall@K against exact), one-face scans (one-face.ts), then a full
 * recluster of all N faces. With run.queriesOnly only the library and the queries.
 */
export async function measureBefore(run: ScaleRun): Promise<ScaleRow> {
  const { faceCount } = run;
  const { pack, faces, file, thresholds } = benchLibrary(run);
  // Today's code: the exact sqlite-vec scan at every size.
  const catalog = await openSqliteCatalog(file, { approximateSearch: { mode: 'off', minFaces: 0 } });
  let row: ScaleRow;
  try {
    let start = performance.now();
    const people = await storeLibrary(catalog, faces, pack, NEW_FACES);
    log(`${faceCount}: stored (${faces.sizes.length} generated people, ${people} known) in ${((performance.now() - start) / 1000).toFixed(0)} s`);

    let incrementalMs: number | null = null;
    if (!run.queriesOnly) {
      start = performance.now();
      // SQLite libraries cluster with 'batch' neighbours (neighbourSourceFor), as a scan does.
      const incremental = await clusterLibrary(catalog, pack, thresholds, { mode: 'incremental', neighbours: 'batch', strategy: 'whole-library' });
      incrementalMs = performance.now() - start;
      log(`${faceCount}: incremental ${(incrementalMs / 1000).toFixed(1)} s (${JSON.stringify(incremental)})`);
    }

    start = performance.now();
    const queries = await measureQueries(catalog, faces, pack);
    log(`${faceCount}: queries p50 ${queries.p50Ms.toFixed(1)} ms, with the exact truth in ${((performance.now() - start) / 1000).toFixed(0)} s`);

    // Every run re-judges all faces without a person, so one face costs about a whole incremental run: a few runs.
    const oneFace = run.queriesOnly
      ? null
      : (await measureOneFace(catalog, faces, pack, thresholds, { strategies: ['whole-library'], runs: ONE_FACE_RUNS_BEFORE })).get('whole-library')!;
    if (oneFace) log(`${faceCount}: one new face p50 ${oneFace.p50Ms.toFixed(0)} ms, p95 ${oneFace.p95Ms.toFixed(0)} ms (${oneFace.runs} runs)`);

    let reclusterMs: number | null = null;
    if (run.recluster && !run.queriesOnly) {
      start = performance.now();
      const recluster = await clusterLibrary(catalog, pack, thresholds, { mode: 'recluster', strategy: 'whole-library' });
      reclusterMs = performance.now() - start;
      log(`${faceCount}: recluster ${(reclusterMs / 1000).toFixed(1)} s (${JSON.stringify(recluster)})`);
    }
    row = scaleRow('before', faceCount, { queries, oneFace, incrementalMs, reclusterMs });
    if (run.queriesOnly) row.measured = 'queries only';
  } finally {
    await catalog.close();
  }
  return { ...row, diskMb: diskMb(file) };
}

/** A row as measured so far: peak RSS now, disk size added once the catalog is closed. */
export function scaleRow(
  code: ScaleRow['code'],
  faces: number,
  measured: {
    queries: { p50Ms: number; p95Ms: number; recallAtK: number };
    oneFace: OneFaceTimes | null;
    incrementalMs: number | null;
    reclusterMs: number | null;
  },
): ScaleRow {
  const { queries, oneFace, incrementalMs, reclusterMs } = measured;
  return {
    code,
    faces,
    queryP50Ms: queries.p50Ms,
    queryP95Ms: queries.p95Ms,
    recallAt10: queries.recallAtK,
    oneFaceP50Ms: oneFace?.p50Ms ?? null,
    oneFaceP95Ms: oneFace?.p95Ms ?? null,
    oneFaceRuns: oneFace?.runs ?? 0,
    incrementalMs,
    reclusterMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    diskMb: null,
    measured: 'all',
  };
}
