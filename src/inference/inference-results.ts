import type { Box, Embedding, FaceQuality, Landmarks5 } from '../domain/types.js';

/** What the inference calls answer (FacetagLibrary.detect/embed/recognize, POST /v1/*). Pixels of the upright photo. */
export interface InferredFace {
  box: Box;
  score: number;
  landmarks: Landmarks5;
  quality: FaceQuality;
}

/** Milliseconds: per stage inside the worker, and the whole call including the wait for a thread. */
export interface InferenceTimings {
  decode: number;
  detect: number;
  embed: number;
  /** Finding each face's person (recognize only). */
  match?: number;
  total: number;
}

export interface DetectResult<F extends InferredFace = InferredFace> {
  width: number;
  height: number;
  /** The model pack that found (and embedded) the faces. */
  pack: string;
  faces: F[];
  timings: InferenceTimings;
}

export interface EmbeddedFace extends InferredFace {
  /** L2-normalised, the pack's embedding size. */
  embedding: Embedding;
}

export type EmbedResult = DetectResult<EmbeddedFace>;

export interface AlignedEmbedding {
  pack: string;
  embedding: Embedding;
  timings: { decode: number; embed: number; total: number };
}

export interface PersonMatch {
  personId: string;
  personName: string | null;
  /** The face's score for the person as clustering computes it: mean similarity to the person's closest faces. */
  similarity: number;
}

export interface RecognizedFace extends InferredFace {
  /** The known person this face would join automatically, or null when nobody qualifies (or it is ambiguous). */
  match: PersonMatch | null;
}

export type RecognizeResult = DetectResult<RecognizedFace>;
