import type { Detection, Embedding, RgbImage } from '../domain/types.js';
import type { CropSpec } from '../domain/alignment.js';

/** Finds faces in an upright RGB image; boxes and landmarks are in that image's pixels. */
export interface FaceDetector {
  readonly name: string;
  detect(image: RgbImage): Promise<Detection[]>;
}

/** Turns aligned face crops (the embedder's input size, RGB) into L2-normalised embeddings. */
export interface FaceEmbedder {
  readonly name: string;
  /** How faces must be aligned and cut out for this embedder (112 px, no padding for ArcFace-style models). */
  readonly crop: CropSpec;
  readonly embeddingSize: number;
  embed(alignedFaces: readonly RgbImage[]): Promise<Embedding[]>;
}
