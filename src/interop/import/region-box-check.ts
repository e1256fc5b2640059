import { area, clampBox } from '../../domain/geometry.js';
import type { Box } from '../../domain/types.js';

/** A region that reaches this far out of the photo (more than half its area outside) is not a face of it. */
const MIN_SHARE_INSIDE = 0.5;

export type RegionBoxCheck = { box: Box } | { reason: string };

/**
 * Whether a region (pixels of the upright width x height photo) can become a face: mostly inside the photo, and at
 * least as big as the faces a scan keeps (`minFaceSize`, the shorter side), so an added face is no worse than a
 * detected one. Returns the box cut to the photo, or why not.
 */
export function checkRegionBox(box: Box, width: number, height: number, minFaceSize: number): RegionBoxCheck {
  const inside = clampBox(box, width, height);
  if (!(area(box) > 0) || area(inside) < MIN_SHARE_INSIDE * area(box)) {
    return { reason: `region is outside the photo (${describe(box)} on a ${width}x${height} photo)` };
  }
  if (Math.min(inside.w, inside.h) < minFaceSize) {
    return { reason: `region is too small for a face (${describe(inside)}; faces under ${minFaceSize} px are ignored)` };
  }
  return { box: inside };
}

function describe(box: Box): string {
  return `${Math.round(box.w)}x${Math.round(box.h)} px at ${Math.round(box.x)},${Math.round(box.y)}`;
}
