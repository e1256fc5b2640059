/**
 * kNN query time of the SQLite catalog for a given number of stored faces.
 * Usage: npx tsx bench/catalog-knn.ts [faces...]   (default: 10000 100000; 512-d, k = 10)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteCatalog } from '../src/catalog/sqlite/open-sqlite-catalog.js';
import type { FoundFace } from '../src/domain/types.js';

const DIMENSIONS = 512;
const FACES_PER_PHOTO = 10;
const QUERIES = 50;
const K = 10;
const PACK = 'bench';

function randomUnitVector(): Float32Array {
  const v = new Float32Array(DIMENSIONS);
  let sum = 0;
  for (let i = 0; i < DIMENSIONS; i++) {
    v[i] = Math.random() * 2 - 1;
    sum += v[i]! * v[i]!;
  }
  const norm = Math.sqrt(sum);
  for (let i = 0; i < DIMENSIONS; i++) v[i] = v[i]! / norm;
  return v;
}

function fakeFace(index: number): FoundFace {
  return {
    index,
    box: { x: 0, y: 0, w: 100, h: 100 },
    score: 0.9,
    landmarks: [
      [30, 40],
      [70, 40],
      [50, 60],
      [35, 80],
      [65, 80],
    ],
    quality: { size: 1, sharpness: 1, frontal: 1, overall: 1 },
    embedding: randomUnitVector(),
  };
}

async function bench(faceCount: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'facetag-knn-bench-'));
  try {
    const catalog = await openSqliteCatalog(join(dir, 'catalog.db'));
    const storeStart = performance.now();
    for (let photo = 0; photo * FACES_PER_PHOTO < faceCount; photo++) {
      const sha256 = photo.toString(16).padStart(16, '0').padEnd(64, '0');
      const faces = Array.from({ length: Math.min(FACES_PER_PHOTO, faceCount - photo * FACES_PER_PHOTO) }, (_, i) => fakeFace(i));
      await catalog.storePhoto({
        file: { path: `/bench/${photo}.jpg`, sha256, size: 1, mtimeMs: 1 },
        meta: { sha256, width: 100, height: 100, format: 'jpeg', takenAt: null, gps: null, camera: null },
        pack: PACK,
        faces,
      });
    }
    const storeMs = performance.now() - storeStart;
    const queries = Array.from({ length: QUERIES }, randomUnitVector);
    for (const query of queries.slice(0, 3)) await catalog.nearestFaces(query, PACK, K); // warm the page cache
    const queryStart = performance.now();
    for (const query of queries) {
      const neighbours = await catalog.nearestFaces(query, PACK, K);
      if (neighbours.length !== K) throw new Error(`expected ${K} neighbours, got ${neighbours.length}`);
    }
    const perQuery = (performance.now() - queryStart) / QUERIES;
    const { faces } = await catalog.counts();
    await catalog.close();
    console.log(
      `${faces} faces x ${DIMENSIONS}-d: store ${(storeMs / 1000).toFixed(1)} s ` +
        `(${((storeMs / faces) * 1000).toFixed(0)} µs/face), kNN k=${K}: ${perQuery.toFixed(2)} ms/query`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).map(Number);
for (const size of sizes.length > 0 ? sizes : [10_000, 100_000]) await bench(size);
