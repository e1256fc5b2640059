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
  const pixel = new Float64Array(3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [sx, sy] = applySimilarity(inverse, [x, y]);
      const o = (y * size + x) * 3;
      pixel.fill(0);
      addBilinearRgb(image, sx, sy, pixel);
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(pixel[c]!);
    }
  }
  return { data: out, width: size, height: size };
}

/**
 * Adds the image's three channels at a fractional position, interpolated bilinearly, to sum[0..2]; outside the image
 * is black. The four neighbours are found once for all channels: a face cut samples a few hundred thousand points.
 */
export function addBilinearRgb(image: RgbImage, sx: number, sy: number, sum: Float64Array): void {
  const { data, width, height } = image;
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const fx = sx - x0;
  const fy = sy - y0;
  const left = x0 >= 0 && x0 < width;
  const right = x0 + 1 >= 0 && x0 + 1 < width;
  const top = y0 >= 0 && y0 < height;
  const bottom = y0 + 1 >= 0 && y0 + 1 < height;
  const i00 = (y0 * width + x0) * 3;
  const i01 = i00 + width * 3;
  for (let c = 0; c < 3; c++) {
    const p00 = left && top ? data[i00 + c]! : 0;
    const p10 = right && top ? data[i00 + 3 + c]! : 0;
    const p01 = left && bottom ? data[i01 + c]! : 0;
    const p11 = right && bottom ? data[i01 + 3 + c]! : 0;
    const upper = p00 + (p10 - p00) * fx;
    const lower = p01 + (p11 - p01) * fx;
    sum[c]! += upper + (lower - upper) * fy;
  }
}
