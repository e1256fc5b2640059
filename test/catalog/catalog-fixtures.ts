import type { StorePhotoInput } from '../../src/catalog/catalog.js';
import type { FoundFace, Landmarks5, PhotoMeta } from '../../src/domain/types.js';

/** Deterministic test data for catalog tests: same seed, same photos and embeddings. */

export function seededRandom(seed: number): () => number {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomUnitVector(random: () => number, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  let sum = 0;
  for (let i = 0; i < dimensions; i++) {
    // Box-Muller: a normal distribution makes the directions uniform on the sphere.
    const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    v[i] = g;
    sum += g * g;
  }
  const norm = Math.sqrt(sum);
  for (let i = 0; i < dimensions; i++) v[i] = v[i]! / norm;
  return v;
}

/** A sha256-looking id whose first 16 characters differ per n, since face ids only keep those. */
export function shaOf(n: number): string {
  return n.toString(16).padStart(16, '0').padEnd(64, 'e');
}

const LANDMARKS: Landmarks5 = [
  [30, 40],
  [70, 40],
  [50, 60],
  [35, 80],
  [65, 80],
];

export function makeFace(index: number, embedding: Float32Array, overall = 0.8): FoundFace {
  return {
    index,
    box: { x: 10 + index, y: 20.5, w: 100, h: 120.25 },
    score: 0.99,
    landmarks: LANDMARKS,
    quality: { size: 0.5, sharpness: 0.25, frontal: 0.75, overall },
    embedding,
  };
}

export function makeMeta(sha256: string, overrides: Partial<PhotoMeta> = {}): PhotoMeta {
  return {
    sha256,
    width: 4000,
    height: 3000,
    format: 'jpeg',
    takenAt: '2021-07-04T12:30:00',
    gps: { lat: 48.8566, lon: 2.3522 },
    camera: 'Canon EOS 5D',
    ...overrides,
  };
}

export interface PhotoSpec {
  sha256: string;
  path: string;
  pack?: string;
  faces?: readonly FoundFace[];
  meta?: Partial<PhotoMeta>;
  size?: number;
  mtimeMs?: number;
}

export const PACK = 'pack-a';
export const OTHER_PACK = 'pack-b';

export function makeInput(spec: PhotoSpec): StorePhotoInput {
  return {
    file: { path: spec.path, sha256: spec.sha256, size: spec.size ?? 1234, mtimeMs: spec.mtimeMs ?? 1_700_000_000_000.5 },
    meta: makeMeta(spec.sha256, spec.meta),
    pack: spec.pack ?? PACK,
    faces: spec.faces ?? [],
  };
}

/** n faces with random unit embeddings. */
export function makeFaces(random: () => number, n: number, dimensions = 8): FoundFace[] {
  return Array.from({ length: n }, (_, i) => makeFace(i, randomUnitVector(random, dimensions)));
}

/** Cosine distance in double precision, the reference for the index. */
export function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return 1 - dot / Math.sqrt(na * nb);
}

/**
 * Clustered like faces rather than uniform: a direction every face shares (face embeddings are far from centred),
 * people around it with a few to hundreds of faces each, and faces spread around their person. Random vectors, not
 * real statistics: bench/scale/ann-tuning.ts measures on lfw-like faces, which need a scanned lfw/ catalog.
 */
export function clusteredFaces(count: number, dimensions: number, random: () => number): Float32Array[] {
  const shared = randomUnitVector(random, dimensions);
  const faces: Float32Array[] = [];
  while (faces.length < count) {
    const person = randomUnitVector(random, dimensions);
    const size = Math.min(count - faces.length, 1 + Math.floor(400 * random() ** SPREAD_PARAMS.sizeExponent));
    for (let i = 0; i < size; i++) {
      const noise = randomUnitVector(random, dimensions);
      faces.push(shared.map((s, d) => s + SPREAD_PARAMS.person * person[d]! + SPREAD_PARAMS.face * noise[d]!));
    }
  }
  return faces;
}
/** A weak graph (connectivity 8, search expansion 16) finds 0.946 of these; facetag's settings must find 0.99. */
const SPREAD_PARAMS = { sizeExponent: 8, person: 0.6, face: 0.35 };
