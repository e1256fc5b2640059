import type { Detection, Embedding, RgbImage } from '../domain/types.js';

/** Finds faces in an upright RGB image; boxes and landmarks are in that image's pixels. */
export interface FaceDetector {
  readonly name: string;
  detect(image: RgbImage): Promise<Detection[]>;
}

/** Turns aligned face crops (the embedder's input size, RGB) into L2-normalised embeddings. */
export interface FaceEmbedder {
  readonly name: string;
  /** Side of the square aligned crop the embedder expects (112 for ArcFace-style models). */
  readonly inputSize: number;
  readonly embeddingSize: number;
  embed(alignedFaces: readonly RgbImage[]): Promise<Embedding[]>;
}
