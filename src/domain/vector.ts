import type { Embedding } from './types.js';

export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(v.length);
  if (norm === 0) return out;
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

export function dot(a: Embedding, b: Embedding): number {
  if (a.length !== b.length) throw new Error(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Cosine similarity of two L2-normalised embeddings. */
export const cosineSimilarity = dot;

/** Cosine distance (1 - similarity) of two L2-normalised embeddings, in 0..2. */
export function cosineDistance(a: Embedding, b: Embedding): number {
  return 1 - dot(a, b);
}
