import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { ClusteringMethod } from './method.js';
import { planByCommunities, seededRandom, type FaceGraph } from './community-graph.js';

/**
 * The package is CommonJS (`module.exports = louvain`) but its types declare `export default`; under NodeNext
 * TypeScript reads that as `module.exports.default`. Node's ESM import hands over `module.exports` itself.
 */
const louvain = louvainModule as unknown as typeof louvainModule.default;

/** Fixed, so that the same input always gives the same plan (Louvain visits nodes in a random order). */
const LOUVAIN_SEED = 0x5eed;

/**
 * Louvain modularity communities (graphology-communities-louvain) on the weighted kNN graph of the faces:
 * edges to the communityNeighbourCount nearest faces of at least clusterSimilarity, weighted by cosine similarity,
 * known people as one node each; communityResolution is Louvain's resolution (higher: smaller communities), applied to
 * each connected component on its own.
 */
export const louvainMethod: ClusteringMethod = {
  name: 'louvain',
  summary:
    'Louvain modularity communities on the kNN graph (edges of at least clusterSimilarity, weight = cosine similarity), ' +
    'cut where user decisions or a shared photo forbid; communities of minClusterSize faces become people',
  plan: (input) => planByCommunities(input, (graph) => louvainCommunities(graph, input.thresholds.communityResolution)),
};

/**
 * Louvain run on each connected component of the graph by itself. Modularity compares a cut with what the whole
 * graph's total weight predicts, so on one graph of a whole library the same resolution cuts less as the library
 * grows (one graph at 0.5: LFW A-E kept every person whole, and on all of LFW it cut nothing that plain connected
 * components would not, leaving chained look-alikes together: Hu Jintao with Wen Jiabao, Serena with Venus Williams).
 * Per component, the resolution means the same in a library of a hundred faces and of ten thousand.
 */
export function louvainCommunities(graph: FaceGraph, resolution: number): number[] {
  const labels = graph.nodes.map(() => -1);
  let next = 0;
  for (const component of connectedComponents(graph)) {
    if (component.length <= 2) {
      for (const node of component) labels[node] = next;
      next++;
      continue;
    }
    const g = new UndirectedGraph({ multi: false, allowSelfLoops: false });
    for (const node of component) g.addNode(String(node));
    for (const a of component) {
      for (const [b, weight] of graph.adjacency[a]!) if (b > a) g.addUndirectedEdge(String(a), String(b), { weight });
    }
    const communities = louvain(g, { getEdgeWeight: 'weight', resolution, rng: seededRandom(LOUVAIN_SEED) });
    const offset = next;
    for (const node of component) {
      const community = communities[String(node)]!;
      labels[node] = offset + community;
      next = Math.max(next, offset + community + 1);
    }
  }
  return labels;
}

/** Node indexes of each connected component, each in index order, components in the order of their first node. */
function connectedComponents(graph: FaceGraph): number[][] {
  const seen = new Uint8Array(graph.nodes.length);
  const components: number[][] = [];
  for (let start = 0; start < graph.nodes.length; start++) {
    if (seen[start]) continue;
    seen[start] = 1;
    const component = [start];
    for (let i = 0; i < component.length; i++) {
      for (const other of graph.adjacency[component[i]!]!.keys()) {
        if (!seen[other]) {
          seen[other] = 1;
          component.push(other);
        }
      }
    }
    components.push(component.sort((x, y) => x - y));
  }
  return components;
}
