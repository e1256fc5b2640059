/** Random stored faces and timed queries shared by the kNN benchmarks of every catalog backend. */
import { performance } from 'node:perf_hooks';
import type { Catalog, Neighbour, StorePhotoInput } from '../../src/catalog/catalog.js';
import type { FoundFace } from '../../src/domain/types.js';

export const DIMENSIONS = 512;
export const FACES_PER_PHOTO = 10;
export const QUERIES = 50;
export const K = 10;
export const PACK = 'bench';

export function randomUnitVector(): Float32Array {
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

/** A face as the benches store it: a fixed box, landmarks and quality around the given embedding. */
export function benchFace(index: number, embedding: Float32Array = randomUnitVector()): FoundFace {
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
    embedding,
  };
}

/** The bench photo number `photo` holding `faces`, ready for storePhoto; its face ids are faceId(sha256, pack, index). */
export function benchPhoto(photo: number, faces: FoundFace[], pack: string): StorePhotoInput {
  const sha256 = photo.toString(16).padStart(16, '0').padEnd(64, '0');
  return {
    file: { path: `/bench/${photo}.jpg`, sha256, size: 1, mtimeMs: 1 },
    meta: { sha256, width: 100, height: 100, format: 'jpeg', takenAt: null, gps: null, camera: null },
    pack,
    faces,
  };
}

export interface StoredFace {
  id: string;
  embedding: Float32Array;
}

/** Stores faceCount random faces, FACES_PER_PHOTO to a photo, as made by `pack`; returns them with the time it took. */
export async function storeRandomFaces(catalog: Catalog, faceCount: number, pack = PACK): Promise<{ stored: StoredFace[]; storeMs: number }> {
  const stored: StoredFace[] = [];
  const start = performance.now();
  for (let photo = 0; photo * FACES_PER_PHOTO < faceCount; photo++) {
    const faces = Array.from({ length: Math.min(FACES_PER_PHOTO, faceCount - photo * FACES_PER_PHOTO) }, (_, i) => benchFace(i));
    const input = benchPhoto(photo, faces, pack);
    const sha256 = input.meta.sha256;
    await catalog.storePhoto(input);
    for (const face of faces) stored.push({ id: `${sha256.slice(0, 16)}.${pack}.${face.index}`, embedding: face.embedding });
  }
  return { stored, storeMs: performance.now() - start };
}

/** Mean time of nearestFaces over the queries, after three warm-up queries, with the answers for a recall check. */
export async function timeNearestFaces(catalog: Catalog, queries: Float32Array[]): Promise<{ perQueryMs: number; answers: Neighbour[][] }> {
  for (const query of queries.slice(0, 3)) await catalog.nearestFaces(query, PACK, K);
  const answers: Neighbour[][] = [];
  const start = performance.now();
  for (const query of queries) {
    const neighbours = await catalog.nearestFaces(query, PACK, K);
    if (neighbours.length !== K) throw new Error(`expected ${K} neighbours, got ${neighbours.length}`);
    answers.push(neighbours);
  }
  return { perQueryMs: (performance.now() - start) / queries.length, answers };
}

/** Share of the true K nearest (by brute force over unit vectors) that the answers contain. */
export function recallAtK(stored: StoredFace[], queries: Float32Array[], answers: Neighbour[][]): number {
  let hits = 0;
  queries.forEach((query, q) => {
    const truth = new Set(
      stored
        .map(({ id, embedding }) => {
          let dot = 0;
          for (let i = 0; i < DIMENSIONS; i++) dot += query[i]! * embedding[i]!;
          return { id, similarity: dot };
        })
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, K)
        .map((n) => n.id),
    );
    hits += answers[q]!.filter((n) => truth.has(n.faceId)).length;
  });
  return hits / (queries.length * K);
}
