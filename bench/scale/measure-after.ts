/** The "after" row of the scale benchmark: the same library and work as measureBefore, on the approximate index. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NeighbourBackend } from '../../src/catalog/ann/approximate-search-settings.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { clusterLibrary } from '../../src/clustering/cluster-library.js';
import { benchLibrary, diskMb, log, NEW_FACES, ONE_FACE_RUNS_AFTER, type ScaleRow, scaleRow, type ScaleRun } from './measure.js';
import { measureQueries } from './neighbour-queries.js';
import { measureOneFace } from './one-face.js';
import { storeLibrary } from './store-synthetic.js';

/** Megabytes of the approximate index files saved beside a catalog. */
function indexFilesMb(catalogFile: string): number {
  const prefix = `${basename(catalogFile)}.faces-`;
  const files = readdirSync(dirname(catalogFile)).filter((name) => name.startsWith(prefix) && !name.endsWith('.tmp'));
  return files.reduce((sum, name) => sum + statSync(join(dirname(catalogFile), name)).size, 0) / 2 ** 20;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The catalog with its default settings (the approximate index above its threshold) and today's clustering: bounded
 * incremental runs, the library's embeddings streamed in blocks, a few faces' lists from the index. The index is built
 * once from the stored faces (timed), saved, and reopened (timed) before the work starts, as a library opened the next
 * day would be.
 */
export async function measureAfter(run: ScaleRun): Promise<ScaleRow> {
  const { faceCount } = run;
  const { pack, faces, file, thresholds } = benchLibrary(run);
  const backends = new Map<NeighbourBackend, number>();
  const onNeighbourSearch = (backend: NeighbourBackend) => backends.set(backend, (backends.get(backend) ?? 0) + 1);

  // A kept library (--keep, --reuse-stored) whose storing finished is taken as it is: stored, the new faces not clustered.
  const reused = run.reuseStored && existsSync(file);
  let catalog = await openSqliteCatalog(file, { onNeighbourSearch });
  let start = performance.now();
  if (reused) log(`${faceCount} after: reusing the library stored in ${file}`);
  else {
    const people = await storeLibrary(catalog, faces, pack, NEW_FACES);
    log(`${faceCount} after: stored (${faces.sizes.length} generated people, ${people} known) in ${seconds(performance.now() - start)}`);
  }

  start = performance.now();
  await catalog.nearestFaces(faces.query(0), pack, 1);
  const indexBuildMs = performance.now() - start;
  await catalog.close();
  // usearch's native memory is freed only when its wrapper is collected, and V8 does not count it, so without a full
  // collection here the reopened index would sit beside the built one (a process opens its library once; this row
  // reopens only to time it). scale-bench.ts starts its rows with --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  start = performance.now();
  catalog = await openSqliteCatalog(file, { onNeighbourSearch });
  await catalog.nearestFaces(faces.query(0), pack, 1);
  log(`${faceCount} after: index built in ${seconds(indexBuildMs)}, ${indexFilesMb(file).toFixed(0)} MB; reopened in ${seconds(performance.now() - start)}`);

  let row: ScaleRow;
  try {
    start = performance.now();
    // As a scan on SQLite does: bounded runs (new faces and the settled ones near them), embeddings streamed.
    const incremental = await clusterLibrary(catalog, pack, thresholds, { mode: 'incremental', neighbours: 'batch' });
    const incrementalMs = performance.now() - start;
    log(`${faceCount} after: incremental ${seconds(incrementalMs)}, ${backends.get('approximate') ?? 0} index queries (${JSON.stringify(incremental)})`);

    const queries = await measureQueries(catalog, faces, pack);
    log(`${faceCount} after: queries p50 ${queries.p50Ms.toFixed(2)} ms, recall@10 ${queries.recallAtK.toFixed(3)}`);

    // The neighbourhood run (the default for a few new faces) and the bounded run it replaces, turn about.
    const times = await measureOneFace(catalog, faces, pack, thresholds, { strategies: ['neighbourhood', 'bounded'], runs: ONE_FACE_RUNS_AFTER });
    const [oneFace, bounded] = [times.get('neighbourhood')!, times.get('bounded')!];
    log(`${faceCount} after: one new face p50 ${oneFace.p50Ms.toFixed(1)} ms, p95 ${oneFace.p95Ms.toFixed(1)} ms (${oneFace.runs} runs); bounded p50 ${bounded.p50Ms.toFixed(1)} ms, p95 ${bounded.p95Ms.toFixed(1)} ms`);

    let reclusterMs: number | null = null;
    if (run.recluster) {
      start = performance.now();
      const recluster = await clusterLibrary(catalog, pack, thresholds, { mode: 'recluster', neighbours: 'batch' });
      reclusterMs = performance.now() - start;
      log(`${faceCount} after: recluster ${seconds(reclusterMs)} (${JSON.stringify(recluster)})`);
    }
    if (backends.has('exact')) throw new Error(`the after run used the exact search ${backends.get('exact')} times`);
    row = {
      ...scaleRow('after', faceCount, { queries, oneFace, incrementalMs, reclusterMs }),
      oneFaceBoundedP50Ms: bounded.p50Ms,
      oneFaceBoundedP95Ms: bounded.p95Ms,
      indexBuildMs,
      ...(reused ? { libraryReused: true } : {}),
    };
  } finally {
    await catalog.close();
  }
  return { ...row, diskMb: diskMb(file) + indexFilesMb(file) };
}
