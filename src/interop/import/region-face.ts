import { alignFace, ARCFACE_TEMPLATE_112 } from '../../domain/alignment.js';
import { intersectionOverUnion } from '../../domain/geometry.js';
import type { Box, FoundFace, Landmarks5, Point, RgbImage } from '../../domain/types.js';
import { CONTEXT, cutSquare, MIN_OVERLAP } from '../../models/families/refined-landmarks.js';
import type { FaceDetector } from '../../models/model.js';
import type { Analyser } from '../../pipeline/analyse-photo.js';
import type { DecodedPhoto } from '../../pipeline/decode.js';
import { faceThumbnail } from '../../pipeline/face-crop.js';
import { assessQuality } from '../../pipeline/quality.js';

/** Side of the cut the pack's detector looks at for the region's landmarks; the face spans about half of it. */
const LOOK_SIZE = 256;

/**
 * A region the user (in another program) drew has no detector confidence; it is a face because they say so, so it
 * gets the highest score a detection can have.
 */
const DRAWN_SCORE = 1;

export interface RegionFace {
  face: FoundFace;
  /** The face's thumbnail, as a scan stores for its faces (crops/<faceId>.jpg). */
  crop: Uint8Array;
  /** Whether the pack's detector found the face in the region's cut (its landmarks), or the region was aligned as drawn. */
  landmarksFrom: 'detector' | 'region';
}

/**
 * A face cut from a region (`box`, pixels of the full upright photo) and embedded with the pack, as the scan does
 * for a detected face: landmarks, alignment onto the embedder's template, embedding, quality, thumbnail.
 *
 * Landmarks: the code's one landmark path that takes a box is RefinedLandmarksDetector's second look (a detector
 * run on a square cut around the box), which only packs with a landmark detector have and which is private to it.
 * The same look is made here with the library pack's own detector, which every pack has: in a close cut, enlarged,
 * it can find a face it missed in the whole photo (too small there after shrinking). When it finds nothing
 * overlapping the region, the region is aligned as drawn: alignFace needs five points, so the ArcFace template is
 * placed in the region's square, which makes the alignment a pure scale and shift of that square onto the crop
 * (upright, not rotated). The 112 px template crop spans roughly a detector's face box, so the embedder sees the
 * face about where it expects it; a tilted or turned face embeds worse than with real landmarks, which is why the
 * detector's points are tried first.
 */
export async function regionFace(decoded: DecodedPhoto, box: Box, analyser: Analyser, index: number): Promise<RegionFace> {
  const scale = decoded.toFullScale;
  const inImage: Box = { x: box.x / scale, y: box.y / scale, w: box.w / scale, h: box.h / scale };
  const seen = await detectorLandmarks(analyser.detector, decoded.image, inImage);
  const landmarks = seen ?? templateInBox(inImage);
  const aligned = alignFace(decoded.image, landmarks, analyser.embedder.crop);
  const [embedding] = await analyser.embedder.embed([aligned]);
  if (embedding === undefined) throw new Error(`the embedder ${analyser.embedder.name} returned no embedding`);
  const fullLandmarks = landmarks.map(([x, y]) => [x * scale, y * scale] as Point) as unknown as Landmarks5;
  const face: FoundFace = {
    index,
    box,
    score: DRAWN_SCORE,
    landmarks: fullLandmarks,
    quality: assessQuality(box, fullLandmarks, aligned),
    embedding,
  };
  return { face, crop: await faceThumbnail(decoded.image, inImage), landmarksFrom: seen ? 'detector' : 'region' };
}

/** The five points of the face the detector finds in a cut around the region (the one overlapping it best), or null. */
async function detectorLandmarks(detector: FaceDetector, image: RgbImage, region: Box): Promise<Landmarks5 | null> {
  const side = Math.max(region.w, region.h) * CONTEXT;
  const left = region.x + region.w / 2 - side / 2;
  const top = region.y + region.h / 2 - side / 2;
  const { image: cut, x0, y0, sx, sy } = await cutSquare(image, left, top, side, LOOK_SIZE);
  const inCut: Box = { x: (region.x - x0) * sx, y: (region.y - y0) * sy, w: region.w * sx, h: region.h * sy };
  let best: Landmarks5 | null = null;
  let bestOverlap = MIN_OVERLAP;
  for (const candidate of await detector.detect(cut)) {
    const overlap = intersectionOverUnion(candidate.box, inCut);
    if (overlap >= bestOverlap) [best, bestOverlap] = [candidate.landmarks, overlap];
  }
  return best === null ? null : (best.map(([x, y]) => [x0 + x / sx, y0 + y / sy] as Point) as unknown as Landmarks5);
}

/** The ArcFace template scaled into the square around the region's centre (see regionFace). */
export function templateInBox(box: Box): Landmarks5 {
  const side = Math.max(box.w, box.h);
  const left = box.x + box.w / 2 - side / 2;
  const top = box.y + box.h / 2 - side / 2;
  return ARCFACE_TEMPLATE_112.map(([x, y]) => [left + (x / 112) * side, top + (y / 112) * side] as Point) as unknown as Landmarks5;
}
