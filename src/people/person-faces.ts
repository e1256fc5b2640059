import type { Catalog } from '../catalog/catalog.js';
import { dot, l2Normalize } from '../domain/vector.js';
import { pageOf, type Page, type PageRequest } from '../library/page.js';
import { toFaceView, type FaceView } from './face-view.js';
import { cachedSimilarities } from './person-similarity-cache.js';
import { byQuality } from './person-view.js';

/** quality: best faces first (the person at a glance); least-similar: the faces most likely wrongly assigned first. */
export type PersonFacesOrder = 'quality' | 'least-similar';

export interface PersonFacesQuery extends PageRequest {
  order?: PersonFacesOrder;
}

/**
 * A page of the person's faces, each with its cosine similarity to the person's mean embedding (the normalised sum
 * of the faces' normalised embeddings): a face far from the mean is the first suspect when reviewing a person.
 * Embeddings of another pack than the majority's are not comparable; such faces get the lowest similarity, -1.
 */
export async function personFacesPage(catalog: Catalog, person: { id: string; name: string | null }, query: PersonFacesQuery = {}): Promise<Page<FaceView>> {
  const faces = await catalog.listFaces({ personId: person.id });
  const ids = faces.map((f) => f.id);
  const similarity = await cachedSimilarities(catalog, person.id, ids, async () => similaritiesToMean(await catalog.getFaceEmbeddings(ids)));
  const names = new Map([[person.id, person.name]]);
  const views = faces.map((face) => ({ ...toFaceView(face, names), similarity: similarity.get(face.id) ?? -1 }));
  const quality = new Map(faces.map((f) => [f.id, f]));
  views.sort((a, b) =>
    query.order === 'least-similar'
      ? a.similarity - b.similarity || (a.id < b.id ? -1 : 1)
      : byQuality(quality.get(a.id)!, quality.get(b.id)!),
  );
  return pageOf(views, query);
}

function similaritiesToMean(embeddings: ReadonlyMap<string, Float32Array>): Map<string, number> {
  const size = mostCommonSize(embeddings);
  const comparable = [...embeddings].filter(([, e]) => e.length === size).map(([id, e]) => [id, l2Normalize(e)] as const);
  const sum = new Float32Array(size);
  for (const [, e] of comparable) for (let i = 0; i < size; i++) sum[i] = sum[i]! + e[i]!;
  const mean = l2Normalize(sum);
  // Rounded so an answer reads the same on every backend and machine (float sums differ in the last bits).
  return new Map(comparable.map(([id, e]) => [id, Math.round(dot(e, mean) * 1e6) / 1e6]));
}

function mostCommonSize(embeddings: ReadonlyMap<string, Float32Array>): number {
  const counts = new Map<number, number>();
  for (const e of embeddings.values()) counts.set(e.length, (counts.get(e.length) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}
