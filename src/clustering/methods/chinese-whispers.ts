import type { ClusteringMethod } from './method.js';
import { planByCommunities, seededRandom, type FaceGraph } from './community-graph.js';

/** Rounds at most; label propagation on these graphs settles in a handful. */
export const CHINESE_WHISPERS_ROUNDS = 30;
const CHINESE_WHISPERS_SEED = 0xc0ffee;

/**
 * Chinese whispers (Biemann 2006; dlib's face clustering): weighted label propagation on the same kNN graph
 * as louvain. Every face starts alone; round after round, in a seeded random order, each face takes the label
 * with the most edge weight among its neighbours. Known people keep their own label, so they act as anchors.
 */
export const chineseWhispersMethod: ClusteringMethod = {
  name: 'chinese-whispers',
  summary:
    'weighted label propagation (Chinese whispers) on the kNN graph (edges of at least clusterSimilarity, weight = cosine similarity), ' +
    'cut where user decisions or a shared photo forbid; communities of minClusterSize faces become people',
  plan: (input) => planByCommunities(input, (graph) => chineseWhispers(graph)),
};

export function chineseWhispers(graph: FaceGraph, rounds = CHINESE_WHISPERS_ROUNDS, seed = CHINESE_WHISPERS_SEED): number[] {
  const labels = graph.nodes.map((_, i) => i);
  const movable = graph.nodes.flatMap((n, i) => (n.kind === 'face' && graph.adjacency[i]!.size > 0 ? [i] : []));
  const random = seededRandom(seed);
  const weightOf = new Map<number, number>();
  for (let round = 0; round < rounds; round++) {
    shuffle(movable, random);
    let changed = 0;
    for (const node of movable) {
      weightOf.clear();
      for (const [other, weight] of graph.adjacency[node]!) {
        const label = labels[other]!;
        weightOf.set(label, (weightOf.get(label) ?? 0) + weight);
      }
      // The heaviest label; on a tie the face keeps its own if it is among the best, else the smallest label.
      let best = labels[node]!;
      let bestWeight = weightOf.get(best) ?? -Infinity;
      for (const [label, weight] of weightOf) {
        if (weight > bestWeight || (weight === bestWeight && label < best && best !== labels[node])) [best, bestWeight] = [label, weight];
      }
      if (best !== labels[node]) {
        labels[node] = best;
        changed++;
      }
    }
    if (changed === 0) break;
  }
  return labels;
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
