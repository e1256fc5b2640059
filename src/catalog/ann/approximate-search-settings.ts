/**
 * When the embedded catalog answers neighbour queries from an approximate index instead of sqlite-vec's exact scan.
 * 'auto' switches at minFaces faces of one pack; 'on' and 'off' force it (tests force it on with any minFaces).
 */
export interface ApproximateSearchSettings {
  mode: 'auto' | 'on' | 'off';
  minFaces: number;
}

/**
 * Where the index starts to answer faster than the exact scan (bench/scale/ann-threshold.ts, synthetic lfw-like faces,
 * 512 dimensions, query p50 exact vs approximate with its re-rank, machine loaded): 1,000 faces 1.1 vs 1.2 ms,
 * 2,000 faces 8.9 vs 1.2 ms (index built in 2.7 s), 5,000 48 vs 6 ms, 20,000 180 vs 9 ms. Below it the exact scan
 * costs about as much and its answers need no index file.
 */
export const DEFAULT_MIN_FACES = 2_000;

export const DEFAULT_APPROXIMATE_SEARCH: ApproximateSearchSettings = { mode: 'auto', minFaces: DEFAULT_MIN_FACES };

/** Which search answered a neighbour query, for tests and benchmarks that must know. */
export type NeighbourBackend = 'exact' | 'approximate';
