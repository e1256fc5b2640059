import type { Catalog, FaceWithEmbedding } from '../catalog/catalog.js';
import { clusterLibrary } from '../clustering/cluster-library.js';
import type { ClusteringThresholds } from '../clustering/thresholds.js';

/** How photos are split into runs: every n-th photo (a collection growing everywhere) or consecutive slices (folder by folder). */
export type ChunkOrder = 'interleaved' | 'contiguous';

export function chunkPaths(paths: readonly string[], chunks: number, order: ChunkOrder): string[][] {
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`chunks must be a whole number >= 1, got ${chunks}`);
  const parts: string[][] = Array.from({ length: chunks }, () => []);
  const size = Math.ceil(paths.length / chunks);
  paths.forEach((path, i) => parts[order === 'interleaved' ? i % chunks : Math.floor(i / size)]!.push(path));
  return parts;
}

/**
 * Adds the photos `source` has analysed to the empty catalog `target` in parts, clustering after each part exactly as
 * a scan does (incremental: new faces join people or form new ones, earlier assignments stay). The result is what
 * scanning the photos in that many runs gives, without analysing them again (analysis does not depend on the run:
 * each face is embedded on its own).
 */
export async function replayInChunks(
  source: Catalog,
  target: Catalog,
  pack: string,
  parts: readonly (readonly string[])[],
  clustering: { thresholds: ClusteringThresholds; method?: string },
): Promise<void> {
  const facesByPhoto = new Map<string, FaceWithEmbedding[]>();
  for (const face of await source.listFacesWithEmbeddings(pack)) {
    const list = facesByPhoto.get(face.photoSha256) ?? [];
    list.push(face);
    facesByPhoto.set(face.photoSha256, list);
  }
  const stored = new Set<string>();
  for (const part of parts) {
    for (const path of part) {
      const file = await source.getFile(path);
      if (!file) throw new Error(`${path} was not scanned`);
      if (stored.has(file.sha256)) {
        await target.linkFile(file);
        continue;
      }
      const photo = await source.getPhoto(file.sha256);
      if (!photo) throw new Error(`${path}: photo ${file.sha256} missing from the catalog`);
      const { sha256, width, height, format, takenAt, gps, camera } = photo;
      const faces = (facesByPhoto.get(sha256) ?? []).map(({ index, box, score, landmarks, quality, embedding }) => ({ index, box, score, landmarks, quality, embedding }));
      await target.storePhoto({ file, meta: { sha256, width, height, format, takenAt, gps, camera }, pack, faces });
      stored.add(sha256);
    }
    await clusterLibrary(target, pack, clustering.thresholds, { mode: 'incremental', method: clustering.method });
  }
}
