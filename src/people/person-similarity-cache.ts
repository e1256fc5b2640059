/**
 * The similarities of a person's faces to the person's mean, kept between pages for each open catalog. A face's
 * embedding never changes (its id names the photo's content, the pack and the face's place in the photo), so while
 * a person holds the same faces their similarities stay the same; without this, scrolling a person of 5,000 faces
 * reloaded all 5,000 embeddings for every page of 60. Any change to the person's faces (a move, a split, a merge, a
 * new scan) changes the set and so recomputes. A few recently viewed people are kept; the rest are forgotten.
 */
const KEPT_PEOPLE = 32;

interface Entry {
  faceSet: string;
  similarity: ReadonlyMap<string, number>;
}

const cachesByOwner = new WeakMap<object, Map<string, Entry>>();

export async function cachedSimilarities(
  owner: object,
  personId: string,
  faceIds: readonly string[],
  compute: () => Promise<ReadonlyMap<string, number>>,
): Promise<ReadonlyMap<string, number>> {
  let cache = cachesByOwner.get(owner);
  if (!cache) {
    cache = new Map();
    cachesByOwner.set(owner, cache);
  }
  const faceSet = [...faceIds].sort().join('\n');
  const kept = cache.get(personId);
  // Deleted and set again on every use so that the Map's order is least recently used first.
  cache.delete(personId);
  if (kept && kept.faceSet === faceSet) {
    cache.set(personId, kept);
    return kept.similarity;
  }
  const similarity = await compute();
  cache.set(personId, { faceSet, similarity });
  for (const oldest of cache.keys()) {
    if (cache.size <= KEPT_PEOPLE) break;
    cache.delete(oldest);
  }
  return similarity;
}
