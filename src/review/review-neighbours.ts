import { createHash } from 'node:crypto';
import type { FaceCatalog } from '../catalog/catalog.js';
import type { SimilarFace } from '../clustering/neighbour-graph.js';
import { exactKnn } from '../models/knn/exact-knn.js';

/**
 * Every face's nearest faces of one pack, for the review queue. Answers change who is who, never the faces or their
 * embeddings, so the lists are computed once per set of faces (one matrix product, models/knn/exact-knn.ts) and
 * kept until a scan adds or removes faces.
 *
 * Scale: the product is over all faces (8,000 x 8,000 take ~1 s; 50,000 faces would take ~40 s and hold 100 MB of
 * embeddings while it runs), then the lists (24 per face) are all that is kept. Past that size the lists belong in
 * the catalog, refreshed by clustering for the faces it touched, or fetched per face from its vector index.
 */
export class ReviewNeighbours {
  private cached: { key: string; lists: Map<string, SimilarFace[]> } | null = null;

  constructor(
    private readonly catalog: FaceCatalog,
    private readonly pack: string,
    private readonly k: number,
  ) {}

  /** `faceIds`: the pack's faces now, in any order; the lists are recomputed when they differ from last time. */
  async lists(faceIds: readonly string[]): Promise<ReadonlyMap<string, readonly SimilarFace[]>> {
    const key = createHash('sha256').update([...faceIds].sort().join('\n')).digest('hex');
    if (this.cached?.key !== key) this.cached = { key, lists: await this.compute() };
    return this.cached.lists;
  }

  private async compute(): Promise<Map<string, SimilarFace[]>> {
    const faces = await this.catalog.listFacesWithEmbeddings(this.pack);
    const lists = new Map<string, SimilarFace[]>();
    const dims = faces[0]?.embedding.length ?? 0;
    if (dims === 0) return lists;
    const matrix = new Float32Array(faces.length * dims);
    faces.forEach((face, i) => matrix.set(face.embedding, i * dims));
    // One more than wanted: a face is its own nearest neighbour.
    const found = await exactKnn(matrix, matrix, dims, this.k + 1);
    faces.forEach((face, q) => {
      const list: SimilarFace[] = [];
      for (let j = 0; j < found.k && list.length < this.k; j++) {
        const other = faces[found.indices[q * found.k + j]!]!;
        if (other.id !== face.id) list.push({ faceId: other.id, similarity: found.similarities[q * found.k + j]! });
      }
      lists.set(face.id, list);
    });
    return lists;
  }
}
