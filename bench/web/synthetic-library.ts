/**
 * A library folder as `facetag serve` opens it (SQLite catalog, crop store, remembered pack), filled through the
 * project's own catalog and crop-store APIs with random faces: one person of `bigPerson` faces, `people` others
 * whose sizes fall off as 1/rank, some unnamed, a few hidden, and the rest of the faces nobody's.
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { resolveConfig } from '../../src/config/config.js';
import { openLibrary, setPack } from '../../src/library/open-library.js';
import { knownPacks } from '../../src/models/pack-registry.js';
import { DIMENSIONS, FACES_PER_PHOTO, storeRandomFaces } from '../knn/random-faces.js';

export interface LibraryShape {
  faces: number;
  bigPerson: number;
  people: number;
  /** Faces given to the other people together; the rest stay unassigned. */
  otherPeopleFaces: number;
}

export interface SyntheticLibrary {
  pack: string;
  photos: number;
  bigPersonId: string;
  people: number;
  unassigned: number;
  buildSeconds: number;
}

/** Sizes of the other people: proportional to 1/rank (rank 2 on, so the big person stays the biggest), at least 2. */
export function peopleSizes(shape: LibraryShape): number[] {
  const ranks = Array.from({ length: shape.people }, (_, i) => i + 2);
  const harmonic = ranks.reduce((sum, r) => sum + 1 / r, 0);
  return ranks.map((r) => Math.max(2, Math.round(shape.otherPeopleFaces / harmonic / r)));
}

/** The known pack with embeddings of the random faces' size that the library would prefer. */
function packOfSize(dimensions: number): string {
  const pack = knownPacks().find((p) => 'embeddingSize' in p.embedder && p.embedder.embeddingSize === dimensions);
  if (!pack) throw new Error(`no known pack makes ${dimensions}-d embeddings`);
  return pack.name;
}

/** A few coloured squares, so neighbouring thumbnails differ; crops are content, not faces, here. */
async function cropImages(count: number): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp({ create: { width: 112, height: 112, channels: 3, background: { r: (i * 67) % 256, g: (i * 131) % 256, b: (i * 197) % 256 } } })
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  );
}

export async function buildSyntheticLibrary(dir: string, shape: LibraryShape): Promise<SyntheticLibrary> {
  if (shape.faces % FACES_PER_PHOTO !== 0) throw new Error(`the face count must be a multiple of ${FACES_PER_PHOTO} (full photos)`);
  const started = performance.now();
  const library = await openLibrary(resolveConfig({ library: dir }, {}));
  try {
    const pack = packOfSize(DIMENSIONS);
    await setPack(library, pack);
    const { stored } = await storeRandomFaces(library.catalog, shape.faces, pack);
    const photos = Math.ceil(shape.faces / FACES_PER_PHOTO);

    // Face k of a person's run sits in photo k mod photos, so nobody appears twice in one photo (as in real photos).
    const byColumn = Array.from({ length: stored.length }, (_, k) => stored[(k % photos) * FACES_PER_PHOTO + Math.floor(k / photos)]!.id);
    const sizes = [shape.bigPerson, ...peopleSizes(shape)];
    const groups: string[][] = [];
    let next = 0;
    for (const size of sizes) {
      groups.push(byColumn.slice(next, next + size));
      next += size;
    }
    if (next > stored.length) throw new Error(`the people hold ${next} faces, more than the ${stored.length} stored`);
    const ids = await library.catalog.applyClustering({ assignments: [], newPeople: groups, deletePeople: [] });
    // Two in three named, one in fifty hidden: the people page's default filter leaves the hidden out.
    for (const [rank, id] of ids.entries()) {
      if (rank % 3 !== 2) await library.catalog.renamePerson(id, `Person ${rank + 1}`);
      if (rank % 50 === 49) await library.catalog.setHidden(id, true);
    }

    const images = await cropImages(16);
    for (let i = 0; i < stored.length; i += 64) {
      await Promise.all(stored.slice(i, i + 64).map((face, j) => library.objects.put(`crops/${face.id}.jpg`, images[(i + j) % images.length]!, 'image/jpeg')));
    }
    return { pack, photos, bigPersonId: ids[0]!, people: ids.length, unassigned: stored.length - next, buildSeconds: (performance.now() - started) / 1000 };
  } finally {
    await library.close();
  }
}
