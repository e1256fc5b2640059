import { l2Normalize } from '../../src/domain/vector.js';
import { seededRandom } from '../catalog/catalog-fixtures.js';

export { seededRandom };

/**
 * Synthetic face embeddings shaped like an ArcFace-style recogniser's: identity centres spread in a
 * 64-d subspace (strangers' faces then have cosine similarity ~0 ± 0.07), each face its centre plus
 * isotropic 512-d noise whose size falls with quality (same-person similarity ~0.35-0.75 for good
 * faces, ~0.2-0.35 when one face is poor). Everything comes from one seed.
 */

export interface SyntheticFace {
  id: string;
  photoId: string;
  identity: string;
  quality: number;
  embedding: Float32Array;
}

export interface LibrarySpec {
  seed: number;
  /** Faces per identity, one entry per identity. */
  identitySizes: readonly number[];
  /** Identities with a single face: distractors nobody should be merged with. */
  singletons?: number;
  /** Share of each identity's faces that are poor (quality below 0.5). */
  lowQualityShare?: number;
  /** When set, identities come in look-alike pairs whose centres have this cosine similarity. */
  lookalikeSimilarity?: number;
  /** Up to this many faces of different identities share a photo (1 = every face alone). */
  maxFacesPerPhoto?: number;
  dimensions?: number;
}

export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const CENTRE_SUBSPACE = 64;

export function makeLibrary(spec: LibrarySpec): SyntheticFace[] {
  const random = seededRandom(spec.seed);
  const d = spec.dimensions ?? 512;
  const centres: { identity: string; centre: Float32Array; size: number }[] = [];
  spec.identitySizes.forEach((size, i) => {
    const pairOf = spec.lookalikeSimilarity !== undefined && i % 2 === 1 ? centres[i - 1]!.centre : null;
    const centre = pairOf ? lookalike(pairOf, spec.lookalikeSimilarity!, random, d) : randomCentre(random, d);
    centres.push({ identity: `id${String(i).padStart(3, '0')}`, centre, size });
  });
  for (let i = 0; i < (spec.singletons ?? 0); i++) {
    centres.push({ identity: `single${String(i).padStart(3, '0')}`, centre: randomCentre(random, d), size: 1 });
  }

  const faces: Omit<SyntheticFace, 'id' | 'photoId'>[] = [];
  for (const { identity, centre, size } of centres) {
    const poor = size > 1 ? Math.round(size * (spec.lowQualityShare ?? 0)) : 0;
    for (let j = 0; j < size; j++) {
      const quality = j < size - poor ? 0.55 + 0.45 * random() : 0.1 + 0.35 * random();
      faces.push({ identity, quality, embedding: faceOf(centre, quality, random, d) });
    }
  }
  shuffle(faces, random);
  const withIds = faces.map((f, i) => ({ ...f, id: `f${String(i).padStart(4, '0')}`, photoId: '' }));
  assignPhotos(withIds, spec.maxFacesPerPhoto ?? 1, random);
  return withIds;
}

/** Noise grows as quality falls: quality 1 keeps ~86 % of the centre direction, quality 0.1 ~43 %. */
export function faceOf(centre: Float32Array, quality: number, random: () => number, d = centre.length): Float32Array {
  const sigma = 0.6 + (1 - quality) * 1.6;
  const v = new Float32Array(d);
  for (let k = 0; k < d; k++) v[k] = centre[k]! + (sigma * gaussian(random)) / Math.sqrt(d);
  return l2Normalize(v);
}

export function randomCentre(random: () => number, d = 512): Float32Array {
  const v = new Float32Array(d);
  for (let k = 0; k < CENTRE_SUBSPACE; k++) v[k] = gaussian(random);
  return l2Normalize(v);
}

/** A centre whose cosine similarity with `of` is `similarity`: a relative's face. */
export function lookalike(of: Float32Array, similarity: number, random: () => number, d = of.length): Float32Array {
  const other = randomCentre(random, d);
  let along = 0;
  for (let k = 0; k < d; k++) along += other[k]! * of[k]!;
  const orthogonal = l2Normalize(other.map((x, k) => x - along * of[k]!));
  const s = Math.sqrt(1 - similarity * similarity);
  return l2Normalize(of.map((x, k) => similarity * x + s * orthogonal[k]!));
}

function assignPhotos(faces: SyntheticFace[], maxPerPhoto: number, random: () => number): void {
  let photo = 0;
  let inPhoto = new Set<string>();
  let capacity = 1 + Math.floor(random() * maxPerPhoto);
  for (const face of faces) {
    if (inPhoto.size >= capacity || inPhoto.has(face.identity)) {
      photo++;
      inPhoto = new Set();
      capacity = 1 + Math.floor(random() * maxPerPhoto);
    }
    inPhoto.add(face.identity);
    face.photoId = `photo${String(photo).padStart(4, '0')}`;
  }
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
