import sharp from 'sharp';
import { addBilinearRgb } from '../../domain/alignment.js';
import { area, intersectionArea, intersectionOverUnion, withoutDoubles } from '../../domain/geometry.js';
import { DOUBLE_OVERLAP } from './yunet.js';
import type { Box, Detection, Landmarks5, Point, RgbImage } from '../../domain/types.js';
import type { FaceDetector } from '../model.js';

/**
 * How far the square cut around a face reaches: its side is this many times the face box's longer side, so the
 * second detector sees the face with context, as in a photo, and still finds it when the first box was off.
 */
export const CONTEXT = 2;

/**
 * Faces smaller than this (pixels of the image detected in) are kept unconfirmed: enlarged to the cut they are too
 * blurred for the landmark detector to judge (a 14x17 px face on a 3000x2000 canvas is found by YuNet and not by
 * SCRFD in its cut), and false positives this small are rare and cheap.
 */
export const MIN_CONFIRMABLE = 24;

/**
 * YuNet sometimes boxes only part of a face that fills the photo (Paul Rudd's close-up in small/facenet_pytorch_singletons:
 * a box on the lower right of a 1,300 px face, IoU 0.27 with the whole face). A bigger face of the landmark detector
 * that holds at least this share of the finder's box is that face, and its box and landmarks replace the part's.
 */
export const HELD_SHARE = 0.8;

/** A face counts as the same face in the cut only if its box overlaps the first detector's box at least this much. */
export const MIN_OVERLAP = 0.3;

/**
 * Finds faces with one detector and takes their five landmarks from another, run on a small square cut around each
 * face only. The cost grows with the number of faces, not with the photo's size: a fast detector scans the photo,
 * a detector with better keypoints (for alignment, which decides recognition accuracy) looks at the faces.
 * A face the second detector does not find in its cut keeps its first landmarks, or, with `confirm`, is dropped
 * (unless it is too small to judge): two detectors trained apart rarely mistake the same background for a face.
 */
export class RefinedLandmarksDetector implements FaceDetector {
  readonly name: string;

  /**
   * @param options.cropSize side of the cut as the landmark detector sees it; with CONTEXT 2 the face spans about half
   *   of it, a size SCRFD finds reliably (keep it at most 256, so that it runs a single pass).
   * @param options.confirm drop the faces the landmark detector does not find in their cut.
   */
  constructor(
    private readonly finder: FaceDetector,
    private readonly landmarker: FaceDetector,
    private readonly options: { cropSize: number; confirm: boolean },
  ) {
    this.name = `${finder.name}+${landmarker.name}-landmarks`;
  }

  async detect(image: RgbImage): Promise<Detection[]> {
    const faces = await this.finder.detect(image);
    const refined: Detection[] = [];
    for (const face of faces) {
      const seen = await this.secondLook(image, face);
      if (seen) refined.push({ ...face, ...seen });
      else if (!this.options.confirm || Math.min(face.box.w, face.box.h) < MIN_CONFIRMABLE) refined.push(face);
    }
    // A part-face box widened to its whole face may now cover a face the finder also boxed whole.
    return withoutDoubles(refined, DOUBLE_OVERLAP);
  }

  /**
   * What the landmark detector sees of a face in its cut: its five points, and its box too when the finder had boxed
   * only part of the face; null when it does not find the face.
   */
  private async secondLook(image: RgbImage, face: Detection): Promise<Pick<Detection, 'landmarks'> | Pick<Detection, 'landmarks' | 'box'> | null> {
    const side = Math.max(face.box.w, face.box.h) * CONTEXT;
    if (!(side > 0)) return null;
    const left = face.box.x + face.box.w / 2 - side / 2;
    const top = face.box.y + face.box.h / 2 - side / 2;
    const { image: cut, x0, y0, sx, sy } = await cutSquare(image, left, top, side, this.options.cropSize);
    const inCut: Box = { x: (face.box.x - x0) * sx, y: (face.box.y - y0) * sy, w: face.box.w * sx, h: face.box.h * sy };
    const candidates = await this.landmarker.detect(cut);
    let best: Detection | undefined;
    let bestOverlap = MIN_OVERLAP;
    for (const candidate of candidates) {
      const overlap = intersectionOverUnion(candidate.box, inCut);
      if (overlap >= bestOverlap) {
        best = candidate;
        bestOverlap = overlap;
      }
    }
    const toPhoto = ([x, y]: Point): Point => [x0 + x / sx, y0 + y / sy];
    if (best) return { landmarks: best.landmarks.map(toPhoto) as unknown as Landmarks5 };
    const whole = candidates
      .filter((c) => area(c.box) > area(inCut) && intersectionArea(c.box, inCut) >= HELD_SHARE * area(inCut))
      .sort((a, b) => b.score - a.score)[0];
    if (!whole) return null;
    const [wholeX, wholeY] = toPhoto([whole.box.x, whole.box.y]);
    return { landmarks: whole.landmarks.map(toPhoto) as unknown as Landmarks5, box: { x: wholeX, y: wholeY, w: whole.box.w / sx, h: whole.box.h / sy } };
  }
}

/** A cut and where it lies: cut pixel (u, v) shows photo point (x0 + u / sx, y0 + v / sy). */
interface Cut {
  image: RgbImage;
  x0: number;
  y0: number;
  sx: number;
  sy: number;
}

/** Above this shrink factor the cut is made by libvips: averaging in JavaScript costs ~0.1 s for a face of 1,000 px. */
const NATIVE_SHRINK_ABOVE = 2;

/**
 * The square (left, top, side) of an image as a size x size cut, black outside the image. Faces up to twice the cut's
 * size (all of LFW, most faces in group photos) are resampled by cropSquare; bigger ones, which cost cropSquare a
 * sample grid per pixel, are cut and shrunk by sharp, and pasted onto black where the square leaves the image.
 */
export async function cutSquare(image: RgbImage, left: number, top: number, side: number, size: number): Promise<Cut> {
  const scale = size / side;
  if (side / size <= NATIVE_SHRINK_ABOVE) return { image: cropSquare(image, left, top, side, size), x0: left, y0: top, sx: scale, sy: scale };
  const x0 = Math.max(0, Math.floor(left));
  const y0 = Math.max(0, Math.floor(top));
  const x1 = Math.min(image.width, Math.ceil(left + side));
  const y1 = Math.min(image.height, Math.ceil(top + side));
  const out = new Uint8Array(size * size * 3);
  if (x1 - x0 < 2 || y1 - y0 < 2) return { image: { data: out, width: size, height: size }, x0: left, y0: top, sx: scale, sy: scale };
  // Where the in-image part goes in the cut, and how big it is there; the exact scale per axis follows from the rounding.
  const offsetX = Math.min(size - 1, Math.round((x0 - left) * scale));
  const offsetY = Math.min(size - 1, Math.round((y0 - top) * scale));
  const width = Math.max(1, Math.min(size - offsetX, Math.round((x1 - x0) * scale)));
  const height = Math.max(1, Math.min(size - offsetY, Math.round((y1 - y0) * scale)));
  const part = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  for (let y = 0; y < height; y++) out.set(part.subarray(y * width * 3, (y + 1) * width * 3), ((offsetY + y) * size + offsetX) * 3);
  const sx = width / (x1 - x0);
  const sy = height / (y1 - y0);
  return { image: { data: out, width: size, height: size }, x0: x0 - offsetX / sx, y0: y0 - offsetY / sy, sx, sy };
}

/**
 * The square (left, top, side) of an image resampled to size x size pixels; outside the image is black, as the
 * detectors pad. Each output pixel averages a grid of bilinear samples over the area it covers, so that a large face
 * shrunk to the cut does not alias.
 */
export function cropSquare(image: RgbImage, left: number, top: number, side: number, size: number): RgbImage {
  const out = new Uint8Array(size * size * 3);
  const step = side / size;
  const taps = Math.max(1, Math.ceil(step));
  const sum = new Float64Array(3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      sum.fill(0);
      for (let j = 0; j < taps; j++) {
        // Sample positions spread evenly over the output pixel's footprint, at pixel centres.
        const sy = top + (y + (j + 0.5) / taps) * step - 0.5;
        for (let i = 0; i < taps; i++) {
          const sx = left + (x + (i + 0.5) / taps) * step - 0.5;
          addBilinearRgb(image, sx, sy, sum);
        }
      }
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.round(sum[c]! / (taps * taps));
    }
  }
  return { data: out, width: size, height: size };
}
