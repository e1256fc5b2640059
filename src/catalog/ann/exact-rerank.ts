import type { Neighbour } from '../catalog.js';
import { l2Normalize } from '../../domain/vector.js';

/**
 * How many candidates the approximate index is asked for, per neighbour wanted: the exact re-score then picks the
 * k best of them, so the answer equals the exact one whenever the true neighbours are among the candidates.
 * For k = 10, 64 and 128 candidates gave the same recall (bench/scale/ann-tuning.ts: the graph search, which looks at
 * 256 anyway, decides what is found); more only costs re-scoring, which clustering's k = 128 queries pay most.
 */
const CANDIDATES_PER_NEIGHBOUR = 2;
const MIN_CANDIDATES = 64;

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
