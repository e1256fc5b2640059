/**
 * An approximate nearest-neighbour index over embeddings keyed by integers (the catalog's faces.num). It is a
 * cache beside the catalog, never the truth: the catalog decides what it must contain and rebuilds it when in doubt.
 * Distances are cosine distances in the index's storage precision; callers that need exact values re-score.
 */
export interface ApproximateIndex {
  readonly dimensions: number;
  /** Number of live vectors. */
  size(): number;
  contains(key: number): boolean;
  /** vectors holds keys.length rows of `dimensions` floats, one after another. Keys must not be present yet. */
  add(keys: readonly number[], vectors: Float32Array): void;
  /**
   * Searches each of these faces (present, with their vectors) for its own vector, and keeps the ones not found
   * apart, searched exactly with every query from then on, so every face is found. Returns how many were kept apart.
   */
  keepReachable(keys: readonly number[], vectors: Float32Array): number;
  /** The faces kept apart, to be saved beside the file (the file holds them too, but no search finds them there). */
  unreachable(): number[];
  /** After opening a file: the faces it kept apart when saved, with their vectors. Keys no longer present are ignored. */
  keepApart(keys: readonly number[], vectors: Float32Array): void;
  /** Absent keys are ignored. */
  remove(keys: readonly number[]): void;
  /** Up to k keys, nearest first. */
  search(vector: Float32Array, k: number): { keys: number[]; distances: number[] };
  /** Writes the whole index to file (the caller makes the write atomic). */
  save(file: string): void;
}

/** Makes and reads indexes of one kind; the only place an index library is chosen. */
export interface ApproximateIndexKind {
  /** Appended to file names, so files of another kind are never misread. */
  readonly extension: string;
  create(dimensions: number): ApproximateIndex;
  /** Throws (with the file and the reason) when the file is missing, truncated or of another shape. */
  open(file: string, dimensions: number): ApproximateIndex;
}
