import { createHash } from 'node:crypto';
import type { Catalog, FaceWithEmbedding } from '../catalog/catalog.js';
import { dot, l2Normalize } from '../domain/vector.js';
import { pageOf, type Page, type PageRequest } from '../library/page.js';
import { exactKnn } from '../models/knn/exact-knn.js';
import { toFaceView, type FaceView } from './face-view.js';
import { byQuality } from './person-view.js';

/** Neighbours looked at per face when linking faces into groups: enough to chain a group, few enough to stay cheap. */
const LINK_NEIGHBOURS = 10;

/**
 * Faces nobody has been given to yet, ordered so that similar faces sit together and the user can name a whole run
 * of one stranger at once.
 *
 * Why groups of connected neighbours and not one greedy nearest-neighbour chain over everything: a global chain is
 * O(n²) and, when it runs out of close faces, jumps to an arbitrary one with no visible boundary, so one person's
 * faces end up scattered along it. Here two faces are linked when one is among the other's nearest faces at a
 * similarity of at least the pack's `clusterSimilarity` (the level at which clustering itself would let two
 * unassigned faces seed a person), and each connected group is shown together: the biggest groups first (naming
 * them settles the most faces), lone faces last by quality. Within a group a greedy chain from its best face puts
 * each face beside the one it most resembles. Faces the user decided belong to nobody stay out.
 *
 * The order is kept until the set of unassigned faces changes, so paging through it costs one catalog read per
 * page, not a neighbour search.
 */
export class UnassignedFaces {
  private cached: { key: string; order: string[] } | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly pack: () => Promise<string>,
    private readonly linkSimilarity: (pack: string) => number,
  ) {}

  async page(query: PageRequest = {}): Promise<Page<FaceView>> {
    const pack = await this.pack();
    const faces = (await this.catalog.listFacesWithEmbeddings(pack, { unassignedOnly: true })).filter((f) => f.source !== 'user');
    const order = await this.orderOf(faces, this.linkSimilarity(pack));
    const byId = new Map(faces.map((f) => [f.id, f]));
    const page = pageOf(order, query);
    return { total: page.total, items: page.items.map((id) => toFaceView(byId.get(id)!, new Map())) };
  }

  private async orderOf(faces: readonly FaceWithEmbedding[], threshold: number): Promise<string[]> {
    const key = createHash('sha256').update(`${threshold}\n${faces.map((f) => f.id).sort().join('\n')}`).digest('hex');
    if (this.cached?.key !== key) this.cached = { key, order: await groupedOrder(faces, threshold) };
    return this.cached.order;
  }
}

/** The face ids in display order (see UnassignedFaces). Deterministic: the same faces give the same order. */
export async function groupedOrder(faces: readonly FaceWithEmbedding[], threshold: number): Promise<string[]> {
  const sorted = [...faces].sort((a, b) => (a.id < b.id ? -1 : 1));
  const embeddings = sorted.map((f) => l2Normalize(f.embedding));
  const groups = await linkedGroups(embeddings, threshold);
  const ordered = groups.map((members) => chain(members, sorted, embeddings));
  ordered.sort((a, b) => b.length - a.length || byQuality(sorted[a[0]!]!, sorted[b[0]!]!));
  return ordered.flat().map((i) => sorted[i]!.id);
}

async function linkedGroups(embeddings: readonly Float32Array[], threshold: number): Promise<number[][]> {
  const n = embeddings.length;
  const dims = embeddings[0]?.length ?? 0;
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  if (n > 1 && dims > 0) {
    const matrix = new Float32Array(n * dims);
    embeddings.forEach((e, i) => matrix.set(e, i * dims));
    const knn = await exactKnn(matrix, matrix, dims, LINK_NEIGHBOURS + 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < knn.k; j++) {
        const other = knn.indices[i * knn.k + j]!;
        if (other !== i && knn.similarities[i * knn.k + j]! >= threshold) parent[root(i)] = root(other);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const group = groups.get(root(i));
    if (group) group.push(i);
    else groups.set(root(i), [i]);
  }
  return [...groups.values()];
}

/** From the group's best face, always on to the most similar face not yet placed. */
function chain(members: readonly number[], faces: readonly FaceWithEmbedding[], embeddings: readonly Float32Array[]): number[] {
  const left = [...members].sort((a, b) => byQuality(faces[a]!, faces[b]!));
  const out = [left.shift()!];
  while (left.length > 0) {
    const last = embeddings[out[out.length - 1]!]!;
    let best = 0;
    let bestSimilarity = -Infinity;
    left.forEach((candidate, at) => {
      const similarity = dot(last, embeddings[candidate]!);
      if (similarity > bestSimilarity) [best, bestSimilarity] = [at, similarity];
    });
    out.push(left.splice(best, 1)[0]!);
  }
  return out;
}
