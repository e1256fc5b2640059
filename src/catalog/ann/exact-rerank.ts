import type { Neighbour } from '../catalog.js';
import { l2Normalize } from '../../domain/vector.js';

/**
 * How many candidates the approximate index is asked for, per neighbour wanted: the exact re-score then picks the
 * k best of them, so the answer equals the exact one whenever the true neighbours are among the candidates.
 * The graph search decides what is found, not the count: for k = 10 on 100,000 synthetic lfw-like faces
 * (bench/scale/ann-tuning.ts) 16, 32 and 64 candidates gave the same recall@10 at every search expansion (64 to 1024).
 * Each candidate's stored floats are read from the catalog, and on a catalog of a million faces that read is what
 * varies (bench/scale/candidate-reads.ts: 20 rows p50 0.3-0.4 ms / p95 7-12 ms with the page cache missing, 64 rows
 * 0.7-1.7 / 13-22 ms), so small k asks for few; clustering's long lists keep twice k.
 */
const CANDIDATES_PER_NEIGHBOUR = 2;
const MIN_CANDIDATES = 16;

export function candidateCount(k: number): number {
  return Math.max(k * CANDIDATES_PER_NEIGHBOUR, MIN_CANDIDATES);
}

/**
 * The k nearest candidates by exact cosine distance on the stored float embeddings (the index's own distances are
 * in its storage precision), ordered as the exact search orders them: by distance, then by face id.
 */
export function rerankExactly(
  query: Float32Array,
  candidates: readonly { faceId: string; embedding: Float32Array }[],
  k: number,
): Neighbour[] {
  const unitQuery = l2Normalize(query);
  return candidates
    .map((candidate) => ({ faceId: candidate.faceId, distance: cosineDistanceTo(unitQuery, candidate.embedding) }))
    .sort((a, b) => a.distance - b.distance || (a.faceId < b.faceId ? -1 : a.faceId > b.faceId ? 1 : 0))
    .slice(0, k);
}

/** 1 - cos(unit, v) for any length of v, without allocating a normalised copy of v (hundreds per query). */
function cosineDistanceTo(unit: Float32Array, v: Float32Array): number {
  let dot = 0;
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    dot += unit[i]! * v[i]!;
    norm += v[i]! * v[i]!;
  }
  return norm === 0 ? 1 : 1 - dot / Math.sqrt(norm);
}
