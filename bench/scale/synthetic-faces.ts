/**
 * N synthetic face embeddings with the structure of a real collection, drawn from real embedding statistics
 * (lfw-statistics.ts), deterministic from a seed, and computed face by face on demand so a million faces never sit in
 * memory.
 *
 * The model, kept simple:
 * - People: rank-size Zipf, person r (from 1) has max(2, round(0.02·N·r^-0.8)) faces until 75% of the faces are
 *   placed; the other 25% are singletons (strangers in the background). At 100k: 2 people with 1,000+ faces, most
 *   with a handful, 25,000 singletons; at 1M: ~40 people with 1,000+.
 * - Identity centres: μ = m + Σ_j g_j·d_j / sqrt(C), the real mean of person means m plus C = 24 real person
 *   deviations d_j picked at random with Gaussian weights g_j. In expectation this keeps the real between-person
 *   covariance (so the cosines between strangers look like LFW's), yet makes a new identity for every person.
 * - Look-alikes: one person in LOOKALIKE_EVERY (drawn at random) copies an earlier person's deviation with a correlation
 *   ρ sampled from LFW's closest distinct pairs (each real person with the one whose mean is nearest):
 *   d = ρ·d_partner + sqrt(1-ρ²)·d_fresh.
 * - Faces: unit(μ + Σ_j h_j·r_j / sqrt(R)) with R = 12 real within-person residuals r_j (face minus its person's mean)
 *   and Gaussian weights h_j: the real within-person covariance, never the same offset twice. Mixing makes the spread
 *   more Gaussian than the real one (thinner tails: no profile shots or blurry outliers beyond what the mix gives).
 * - Photos: FACES_PER_PHOTO faces each, and a person's faces spread over photos so nobody is twice in one photo.
 */
import type { EmbeddingStatistics } from './lfw-statistics.js';

export const CENTRE_MIX = 24;
export const RESIDUAL_MIX = 12;
export const LOOKALIKE_EVERY = 10;
export const SINGLETON_SHARE = 0.25;
export const TOP_PERSON_SHARE = 0.02;
export const ZIPF_EXPONENT = 0.8;

/** A small fast PRNG (mulberry32) with a Box-Muller Gaussian; one stream per (seed, kind, id). */
export function rng(seed: number, kind: number, id: number): { uniform: () => number; gaussian: () => number } {
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(kind + 1, 0xc2b2ae35) ^ Math.imul(id + 1, 0x27d4eb2f)) >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  for (let i = 0; i < 4; i++) uniform();
  return { uniform, gaussian };
}

const KIND = { centre: 1, lookAlike: 2, face: 3, query: 4 } as const;

/** Faces per person, biggest first; people of one face at the end. */
export function personSizes(faces: number): number[] {
  const sizes: number[] = [];
  const clustered = Math.round(faces * (1 - SINGLETON_SHARE));
  let placed = 0;
  for (let rank = 1; placed < clustered; rank++) {
    const size = Math.min(clustered - placed, Math.max(2, Math.round(TOP_PERSON_SHARE * faces * rank ** -ZIPF_EXPONENT)));
    sizes.push(size);
    placed += size;
  }
  while (placed < faces) {
    sizes.push(1);
    placed++;
  }
  return sizes;
}

export class SyntheticFaces {
  readonly sizes: number[];
  /** Person of the face stored at each position (photo = floor(position / facesPerPhoto)). */
  readonly personOf: Int32Array;
  private readonly dims: number;

  constructor(
    private readonly stats: EmbeddingStatistics,
    readonly faces: number,
    readonly facesPerPhoto: number,
    private readonly seed: number,
  ) {
    if (faces % facesPerPhoto !== 0) throw new Error(`the face count must be a multiple of ${facesPerPhoto} (full photos)`);
    this.dims = stats.dims;
    this.sizes = personSizes(faces);
    const photos = faces / facesPerPhoto;
    if (this.sizes[0]! > photos) throw new Error(`the biggest person (${this.sizes[0]} faces) does not fit in ${photos} photos`);
    // Person-sorted list, read column-wise: slot j of photo p holds entry j·photos + p, so a person never repeats in a photo.
    const sorted = new Int32Array(faces);
    let at = 0;
    this.sizes.forEach((size, person) => sorted.fill(person, at, (at += size)));
    this.personOf = new Int32Array(faces);
    for (let i = 0; i < faces; i++) this.personOf[i] = sorted[(i % facesPerPhoto) * photos + Math.floor(i / facesPerPhoto)]!;
  }

  /** The embedding of the face stored at `position`. */
  embedding(position: number): Float32Array {
    return this.face(this.personOf[position]!, KIND.face, position);
  }

  /** A new photo of a stored face's person (not stored), for queries. */
  query(index: number): Float32Array {
    const r = rng(this.seed, KIND.query, index);
    return this.face(this.personOf[Math.floor(r.uniform() * this.faces)]!, KIND.query, index);
  }

  private face(person: number, kind: number, id: number): Float32Array {
    const v = this.centre(person);
    const r = rng(this.seed, kind, id);
    this.mix(v, this.stats.residuals, RESIDUAL_MIX, r);
    let sum = 0;
    for (let i = 0; i < this.dims; i++) sum += v[i]! * v[i]!;
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < this.dims; i++) v[i] = v[i]! * scale;
    return v;
  }

  /** Raw (not unit) centre μ of a person. */
  private centre(person: number): Float32Array {
    const v = Float32Array.from(this.stats.mean);
    const look = rng(this.seed, KIND.lookAlike, person);
    if (person > 0 && look.uniform() < 1 / LOOKALIKE_EVERY) {
      const partner = Math.floor(look.uniform() * person);
      const correlations = this.stats.lookAlikeCorrelations;
      const rho = Math.max(0, correlations[Math.floor(look.uniform() * correlations.length)]!);
      this.mix(v, this.stats.deviations, CENTRE_MIX, rng(this.seed, KIND.centre, partner), rho);
      this.mix(v, this.stats.deviations, CENTRE_MIX, rng(this.seed, KIND.centre, person), Math.sqrt(1 - rho * rho));
    } else {
      this.mix(v, this.stats.deviations, CENTRE_MIX, rng(this.seed, KIND.centre, person));
    }
    return v;
  }

  /** v += weight · Σ_j g_j·pool[random] / sqrt(count). */
  private mix(v: Float32Array, pool: Float32Array[], count: number, r: ReturnType<typeof rng>, weight = 1): void {
    const scale = weight / Math.sqrt(count);
    for (let j = 0; j < count; j++) {
      const row = pool[Math.floor(r.uniform() * pool.length)]!;
      const g = r.gaussian() * scale;
      for (let i = 0; i < this.dims; i++) v[i] = v[i]! + g * row[i]!;
    }
  }
}
