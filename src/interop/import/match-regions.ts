import type { StoredFace } from '../../catalog/catalog.js';
import { intersectionOverUnion } from '../../domain/geometry.js';
import type { Box } from '../../domain/types.js';
import type { NamedRegion } from './read-regions-types.js';

/**
 * A region is the face it overlaps best, if that overlap (intersection over union) is at least this.
 * Other programs' detectors draw their boxes differently: digiKam's and Lightroom's take in more forehead and
 * chin than facetag's, Picasa's less. A box around the same face with twice or half the area still has an IoU of
 * 0.5, and one offset by a quarter of its width 0.6; two different faces side by side hardly overlap at all (their
 * boxes touch at most), so 0.3 keeps loosely drawn regions and still never takes the neighbour. facetag's own
 * export comes back at an IoU of 1 (to a millionth, the sidecar's rounding).
 */
export const MATCH_IOU = 0.3;

export interface RegionMatch {
  region: NamedRegion;
  /** The face it matched, or null when no face facetag found overlaps it enough. */
  face: StoredFace | null;
  iou: number;
  /** The region in the photo's pixels, as facetag's boxes are. */
  box: Box;
}

/** Matches each region of one photo (upright width x height pixels) to the face it overlaps best. */
export function matchRegions(regions: readonly NamedRegion[], faces: readonly StoredFace[], width: number, height: number): RegionMatch[] {
  return regions.map((region) => {
    const box = { x: region.box.x * width, y: region.box.y * height, w: region.box.w * width, h: region.box.h * height };
    let best: StoredFace | null = null;
    let bestIou = 0;
    for (const face of faces) {
      const iou = intersectionOverUnion(box, face.box);
      if (iou > bestIou) [best, bestIou] = [face, iou];
    }
    return bestIou >= MATCH_IOU ? { region, face: best, iou: bestIou, box } : { region, face: null, iou: bestIou, box };
  });
}
