import type { Embedding, FoundFace, PhotoMeta } from '../../domain/types.js';
import type { ImageProblem } from '../../inference/image-problem.js';

/**
 * The inference tasks the analysis worker runs beside scans (piscina `run(input, { name })`): each is a named export
 * of analyse-worker.ts taking the image bytes. A bad image is an outcome, as for scans; an exception is a fault.
 */
export interface InferenceTaskInput {
  bytes: Uint8Array;
}

export type InferenceOutcome<T> = { ok: true; value: T } | { ok: false; problem: ImageProblem };

export interface DetectedFaces<F> {
  meta: Pick<PhotoMeta, 'width' | 'height' | 'format'>;
  faces: F[];
  /** Milliseconds per stage inside the worker (embed 0 when nothing was embedded). */
  timings: { decode: number; detect: number; embed: number };
}

export type DetectTaskResult = DetectedFaces<Omit<FoundFace, 'embedding'>>;
export type AnalyseBytesTaskResult = DetectedFaces<FoundFace>;
export interface EmbedAlignedTaskResult {
  embedding: Embedding;
  timings: { decode: number; embed: number };
}

/** Task name → what it returns; the names are the worker module's exports. */
export interface InferenceTasks {
  detect: DetectTaskResult;
  analyseBytes: AnalyseBytesTaskResult;
  embedAligned: EmbedAlignedTaskResult;
}
export type InferenceTaskName = keyof InferenceTasks;
