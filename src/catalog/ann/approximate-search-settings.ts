/**
 * When the embedded catalog answers neighbour queries from an approximate index instead of sqlite-vec's exact scan.
 * 'auto' switches at minFaces faces of one pack; 'on' and 'off' force it (tests force it on with any minFaces).
 */
export interface ApproximateSearchSettings {
  mode: 'auto' | 'on' | 'off';
  minFaces: number;
}

/**
 * Below this many faces the exact scan is fast enough that building and updating the graph does not pay:
 * measured with `npm run bench:scale` (see bench/scale/ann-threshold.ts).
 */
export const DEFAULT_MIN_FACES = 20_000;

export const DEFAULT_APPROXIMATE_SEARCH: ApproximateSearchSettings = { mode: 'auto', minFaces: DEFAULT_MIN_FACES };

/** Which search answered a neighbour query, for tests and benchmarks that must know. */
export type NeighbourBackend = 'exact' | 'approximate';
