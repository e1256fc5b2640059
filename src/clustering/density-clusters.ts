import { ClusterTree } from './cluster-tree.js';
import { ConstrainedComponents } from './constrained-components.js';
import type { ConstraintIndex } from './constraint-index.js';
import { compareIds } from './compare-ids.js';
import type { NeighbourGraph } from './neighbour-graph.js';
import type { ClusteringThresholds } from './thresholds.js';
import type { ClusterFace } from './types.js';

export interface DensityInput {
  /** The faces allowed to form new people. */
  seeds: readonly string[];
  graph: NeighbourGraph;
  faces: ReadonlyMap<string, ClusterFace>;
  /** The person a face had before a re-cluster, for the user's different-people decisions. */
  formerPerson: (faceId: string) => string | null;
  constraints: ConstraintIndex;
  thresholds: Pick<ClusteringThresholds, 'clusterSimilarity' | 'minClusterSize'>;
}

/**
 * HDBSCAN over the kNN graph of the seed faces. A face's core similarity is its similarity to its
 * (minClusterSize - 1)-th closest seed; two faces link at the lowest of their similarity and both
 * core similarities (mutual reachability), so a thin chain of faces cannot bridge two people. Links
 * below clusterSimilarity are never made (that part is DBSCAN at eps = 1 - clusterSimilarity), links
 * are taken strongest first, and a link that would put two faces of one photo (or of two people the
 * user declared different) together is skipped, so constraints cut the weakest link of a chain.
 * From the resulting tree the most stable groups are kept (excess of mass): two look-alike people
 * joined only at a lower density stay apart when each is a stable group on its own.
 * Returns groups of at least minClusterSize faces, members sorted, ordered by first member.
 */
export function findDensityClusters(input: DensityInput): string[][] {
  const components = new ConstrainedComponents(
    input.seeds.map((faceId) => ({ faceId, photoId: input.faces.get(faceId)!.photoId, formerPerson: input.formerPerson(faceId) })),
    input.constraints,
  );
  const tree = new ClusterTree(input.thresholds.minClusterSize);
  for (const { a, b, similarity } of mutualReachabilityLinks(input)) {
    if (components.sameComponent(a, b) || !components.canUnion(a, b)) continue;
    // The tree reads the members before the union grows one of the two lists.
    tree.join(
      { key: components.root(a), members: components.members(a) },
      { key: components.root(b), members: components.members(b) },
      densityLevel(similarity),
    );
    components.union(a, b);
  }
  return tree
    .selectClusters(densityLevel(input.thresholds.clusterSimilarity))
    .map((group) => group.sort(compareIds))
    .sort((x, y) => compareIds(x[0]!, y[0]!));
}

/** HDBSCAN's lambda = 1 / distance: larger is denser. */
function densityLevel(similarity: number): number {
  return 1 / Math.max(1e-9, 1 - similarity);
}

/** Links of at least clusterSimilarity after mutual reachability, strongest first, ties by ids. */
function mutualReachabilityLinks(input: DensityInput): { a: string; b: string; similarity: number }[] {
  const close = closeNeighbours(input);
  const coreSimilarity = new Map<string, number>();
  for (const [f, neighbours] of close) {
    const sims = [...neighbours.values()].sort((x, y) => y - x);
    coreSimilarity.set(f, sims[input.thresholds.minClusterSize - 2] ?? -Infinity);
  }
  const links: { a: string; b: string; similarity: number }[] = [];
  for (const [a, neighbours] of close) {
    for (const [b, s] of neighbours) {
      if (a >= b) continue;
      const similarity = Math.min(s, coreSimilarity.get(a)!, coreSimilarity.get(b)!);
      if (similarity >= input.thresholds.clusterSimilarity) links.push({ a, b, similarity });
    }
  }
  return links.sort((x, y) => y.similarity - x.similarity || compareIds(x.a, y.a) || compareIds(x.b, y.b));
}

/** Seeds within clusterSimilarity of each other and in different photos, both ways (kNN lists are not symmetric). */
function closeNeighbours(input: DensityInput): Map<string, Map<string, number>> {
  const seedSet = new Set(input.seeds);
  const close = new Map<string, Map<string, number>>();
  const link = (a: string, b: string, similarity: number) => {
    let m = close.get(a);
    if (!m) close.set(a, (m = new Map()));
    m.set(b, Math.max(similarity, m.get(b) ?? -Infinity));
  };
  for (const a of [...seedSet].sort(compareIds)) {
    close.set(a, close.get(a) ?? new Map());
    const photo = input.faces.get(a)!.photoId;
    for (const n of input.graph.of(a)) {
      if (n.similarity < input.thresholds.clusterSimilarity) break;
      if (!seedSet.has(n.faceId) || input.faces.get(n.faceId)!.photoId === photo) continue;
      link(a, n.faceId, n.similarity);
      link(n.faceId, a, n.similarity);
    }
  }
  return close;
}
