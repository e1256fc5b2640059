import { describe, expect, it } from 'vitest';
import type { Neighbour } from '../../src/catalog/catalog.js';
import { joiningSimilarity, judgedFaces } from '../../src/clustering/judged-faces.js';
import type { NeighbourSource } from '../../src/clustering/neighbour-source.js';
import { SettledFaces } from '../../src/clustering/settled-faces.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';

const t = DEFAULT_CLUSTERING_THRESHOLDS;
const reach = joiningSimilarity(t);

/** Lists given by hand (nearest first); records which faces were loaded, in which round. */
function handSource(lists: Record<string, [string, number][]>): NeighbourSource & { rounds: string[][] } {
  const rounds: string[][] = [];
  const list = (faceId: string): Neighbour[] | undefined =>
    rounds.flat().includes(faceId) ? (lists[faceId] ?? []).map(([id, similarity]) => ({ faceId: id, distance: 1 - similarity })) : undefined;
  return {
    rounds,
    load: async (faceIds) => void rounds.push([...faceIds]),
    list,
    neighbours: (faceId, k) => (list(faceId) ?? []).slice(0, k),
  };
}

async function settledOf(ids: string[]): Promise<SettledFaces> {
  const settings = new Map<string, string>();
  await SettledFaces.store({ setSetting: async (k, v) => void settings.set(k, v) }, 'p', 'd', ids);
  return SettledFaces.load({ getSetting: async (k) => settings.get(k) ?? null }, 'p', 'd');
}

describe('judgedFaces', () => {
  it('takes every new face, and the settled faces close to them, round by round', async () => {
    const source = handSource({
      new1: [['new1', 1], ['old1', reach + 0.1], ['assigned', reach + 0.05], ['far', reach - 0.01]],
      old1: [['old1', 1], ['old2', reach]],
      old2: [['old2', 1], ['old3', reach - 0.2]],
    });
    const judged = await judgedFaces(['new1', 'old1', 'old2', 'old3', 'far', 'lonely'], await settledOf(['old1', 'old2', 'old3', 'far', 'lonely']), source, t);
    expect([...judged].sort()).toEqual(['new1', 'old1', 'old2']);
    expect(source.rounds).toEqual([['new1'], ['old1'], ['old2']]);
  });

  it('stops pulling settled faces in after three rounds', async () => {
    const chain = ['new', 's1', 's2', 's3', 's4', 's5'];
    const lists = Object.fromEntries(chain.slice(0, -1).map((f, i) => [f, [[f, 1], [chain[i + 1]!, reach + 0.05]] as [string, number][]]));
    const source = handSource(lists);
    const judged = await judgedFaces(chain, await settledOf(chain.slice(1)), source, t);
    expect([...judged].sort()).toEqual(['new', 's1', 's2', 's3']);
    expect(source.rounds).toEqual([['new'], ['s1'], ['s2'], ['s3']]);
  });

  it('judges nothing when nothing is new', async () => {
    const source = handSource({ a: [['b', 0.9]] });
    expect((await judgedFaces(['a', 'b'], await settledOf(['a', 'b']), source, t)).size).toBe(0);
    expect(source.rounds).toEqual([]);
  });

  it('judges every unassigned face when no run settled any (the first run)', async () => {
    const judged = await judgedFaces(['a', 'b', 'c'], await settledOf([]), handSource({}), t);
    expect([...judged].sort()).toEqual(['a', 'b', 'c']);
  });

  it('reaches down to the loosest similarity any rule joins at', () => {
    expect(joiningSimilarity({ ...t, matchSimilarity: 0.35, clusterSimilarity: 0.4, leadSimilarity: null })).toBe(0.35);
    expect(joiningSimilarity({ ...t, matchSimilarity: 0.35, clusterSimilarity: 0.4, leadSimilarity: 0.3 })).toBe(0.3);
  });
});
