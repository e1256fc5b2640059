import { applySimilarity, estimateSimilarity, invertSimilarity, type Similarity } from './similarity-transform.js';
import type { Landmarks5, Point, RgbImage } from './types.js';

/** The ArcFace 5-point template for a 112x112 crop (InsightFace's reference landmarks). */
export const ARCFACE_TEMPLATE_112: Landmarks5 = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/**
 * How an embedder wants its faces cut out: a square of `size` pixels holding the ArcFace template,
 * shrunk by `padding` (fraction of the side added around the face; 0 = exact ArcFace crop).
 */
export interface CropSpec {
  size: number;
  padding: number;
}

export function templateFor(spec: CropSpec): Point[] {
  const inner = spec.size / (1 + 2 * spec.padding);
  const offset = (spec.size - inner) / 2;
  const scale = inner / 112;
  return ARCFACE_TEMPLATE_112.map(([x, y]) => [x * scale + offset, y * scale + offset] as const);
}

export function alignmentTransform(landmarks: Landmarks5, spec: CropSpec): Similarity {
  return estimateSimilarity(landmarks, templateFor(spec));
}

/**
 * Warps a face onto the template with bilinear sampling. Pixels outside the photo are black,
 * which is what the recognisers were trained with (InsightFace's cv2.warpAffine default).
 */
export function alignFace(image: RgbImage, landmarks: Landmarks5, spec: CropSpec): RgbImage {
  const inverse = invertSimilarity(alignmentTransform(landmarks, spec));
  const { size } = spec;
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [sx, sy] = applySimilarity(inverse, [x, y]);
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(bilinear(image, sx, sy, c));
    }
  }
  return { data: out, width: size, height: size };
}

/** Channel c of an RGB image at a fractional position, interpolated bilinearly; outside the image is black. */
export function bilinear(image: RgbImage, sx: number, sy: number, c: number): number {
  const { data, width, height } = image;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  const p00 = sample(data, width, height, x0, y0, c);
  const p10 = sample(data, width, height, x0 + 1, y0, c);
  const p01 = sample(data, width, height, x0, y0 + 1, c);
  const p11 = sample(data, width, height, x0 + 1, y0 + 1, c);
  const upper = p00 + (p10 - p00) * fx;
  const lower = p01 + (p11 - p01) * fx;
  return upper + (lower - upper) * fy;
}

function sample(data: Uint8Array, width: number, height: number, x: number, y: number, c: number): number {
  if (x < 0 || y < 0 || x >= width || y >= height) return 0;
  return data[(y * width + x) * 3 + c]!;
}
