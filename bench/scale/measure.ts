/** One row of the scale benchmark: a catalog of N synthetic faces built, then today's neighbour search and clustering timed. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Neighbour } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { clusterLibrary } from '../../src/clustering/cluster-library.js';
import { thresholdsForPack } from '../../src/clustering/pack-thresholds.js';
import { findPack } from '../../src/models/pack-registry.js';
import type { EmbeddingStatistics } from './lfw-statistics.js';
import { assignKnownPeople, faceIdAt, settleUnassigned, storeSynthetic } from './store-synthetic.js';
import { SyntheticFaces } from './synthetic-faces.js';

export const K = 10;
export const QUERIES = 100;
export const NEW_FACES = 2_000;
export const FACES_PER_PHOTO = 5;

export interface ScaleRow {
  code: 'before' | 'after';
  faces: number;
  queryP50Ms: number;
  queryP95Ms: number;
  recallAt10: number;
  incrementalMs: number;
  /** null when the run was asked to skip the recluster (--no-recluster). */
  reclusterMs: number | null;
  peakRssMb: number;
  diskMb: number;
}

const log = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** The exact K nearest stored faces of every query, by one streamed pass over the generator (nothing held). */
function exactNeighbours(faces: SyntheticFaces, pack: string, queries: Float32Array[]): Set<string>[] {
  const best = queries.map(() => [] as { position: number; similarity: number }[]);
  for (let position = 0; position < faces.faces; position++) {
    const e = faces.embedding(position);
    queries.forEach((query, q) => {
      let similarity = 0;
      for (let i = 0; i < e.length; i++) similarity += query[i]! * e[i]!;
      const list = best[q]!;
      if (list.length === K && similarity <= list[K - 1]!.similarity) return;
      list.push({ position, similarity });
      list.sort((a, b) => b.similarity - a.similarity);
      if (list.length > K) list.pop();
    });
  }
  return best.map((list) => new Set(list.map(({ position }) => faceIdAt(faces, position, pack))));
}

function diskMb(file: string): number {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return (size(file) + size(`${file}-wal`) + size(`${file}-shm`)) / 2 ** 20;
}

/**
 * How each code clusters: 'before' is the code before issue 16 (every unassigned face judged in every incremental run,
 * every embedding in memory), 'after' the bounded runs (new faces and the settled ones near them, embeddings streamed).
 */
function clusteringStrategy(code: ScaleRow['code']): 'whole-library' | 'bounded' {
  return code === 'before' ? 'whole-library' : 'bounded';
}

/**
 * Today's code on SQLite: N - NEW_FACES faces stored and sorted into their true people (as a past clustering would
 * have), NEW_FACES more stored, the incremental run that brings them in, QUERIES neighbour queries of new photos of
 * stored people (p50/p95, recall@K against exact), then a full recluster of all N faces.
 */
export async function measureBefore(
  stats: EmbeddingStatistics,
  faceCount: number,
  seed: number,
  dir: string,
  options: { recluster: boolean },
): Promise<ScaleRow> {
  return measureCode('before', stats, faceCount, seed, dir, options);
}

/** The same steps with the code of issue 16 ('after'), or with today's ('before'). */
export async function measureCode(
  code: ScaleRow['code'],
  stats: EmbeddingStatistics,
  faceCount: number,
  seed: number,
  dir: string,
  options: { recluster: boolean },
): Promise<ScaleRow> {
  const pack = stats.pack;
  const faces = new SyntheticFaces(stats, faceCount, FACES_PER_PHOTO, seed);
  const known = faceCount - NEW_FACES;
  const file = join(dir, 'catalog.db');
  const catalog = await openSqliteCatalog(file);
  const thresholds = thresholdsForPack(findPack(pack));
  let row: ScaleRow;
  try {
    let start = performance.now();
    await storeSynthetic(catalog, faces, pack, 0, known);
    const people = await assignKnownPeople(catalog, faces, pack, known);
    // The faces that past clustering left alone, as it records them for the next run (the code before ignores it).
    await settleUnassigned(catalog, pack);
    await storeSynthetic(catalog, faces, pack, known, faceCount);
    log(`${faceCount}: stored (${faces.sizes.length} generated people, ${people} known) in ${((performance.now() - start) / 1000).toFixed(0)} s`);

    start = performance.now();
    // SQLite libraries cluster with 'batch' neighbours (neighbourSourceFor), as a scan does.
    const incremental = await clusterLibrary(catalog, pack, thresholds, {
      mode: 'incremental',
      neighbours: 'batch',
      strategy: clusteringStrategy(code),
    });
    const incrementalMs = performance.now() - start;
    log(`${faceCount}: incremental ${(incrementalMs / 1000).toFixed(1)} s (${JSON.stringify(incremental)})`);

    const queries = Array.from({ length: QUERIES + 3 }, (_, q) => faces.query(q));
    const times: number[] = [];
    const answers: Neighbour[][] = [];
    for (const [q, query] of queries.entries()) {
      start = performance.now();
      const neighbours = await catalog.nearestFaces(query, pack, K);
      if (q < 3) continue; // warm-up
      times.push(performance.now() - start);
      answers.push(neighbours);
    }
    start = performance.now();
    const truth = exactNeighbours(faces, pack, queries.slice(3));
    const hits = answers.reduce((n, list, q) => n + list.filter((nb) => truth[q]!.has(nb.faceId)).length, 0);
    log(`${faceCount}: queries p50 ${percentile(times, 0.5).toFixed(1)} ms, exact truth in ${((performance.now() - start) / 1000).toFixed(0)} s`);

    let reclusterMs: number | null = null;
    if (options.recluster) {
      start = performance.now();
      const recluster = await clusterLibrary(catalog, pack, thresholds, { mode: 'recluster', strategy: clusteringStrategy(code) });
      reclusterMs = performance.now() - start;
      log(`${faceCount}: recluster ${(reclusterMs / 1000).toFixed(1)} s (${JSON.stringify(recluster)})`);
    }
    row = {
      code,
      faces: faceCount,
      queryP50Ms: percentile(times, 0.5),
      queryP95Ms: percentile(times, 0.95),
      recallAt10: hits / (QUERIES * K),
      incrementalMs,
      reclusterMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      diskMb: 0,
    };
  } finally {
    await catalog.close();
  }
  return { ...row, diskMb: diskMb(file) };
}
