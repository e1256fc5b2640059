import type { Box } from '../../domain/types.js';

/**
 * A box measured on the photo's stored pixels, in fractions of the stored image, moved to where it lies on the
 * upright photo (EXIF orientation applied, as facetag's boxes are). Each orientation says where the stored image's
 * first row and column are shown (EXIF 2.3, tag 0x0112); a stored point (u, v) is shown at the returned point.
 */
export function storedToUpright(box: Box, orientation: number): Box {
  const [x1, y1] = uprightPoint(box.x, box.y, orientation);
  const [x2, y2] = uprightPoint(box.x + box.w, box.y + box.h, orientation);
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
}

function uprightPoint(u: number, v: number, orientation: number): [number, number] {
  switch (orientation) {
    case 2: return [1 - u, v]; // mirrored left to right
    case 3: return [1 - u, 1 - v]; // upside down
    case 4: return [u, 1 - v]; // mirrored top to bottom
    case 5: return [v, u]; // first row shown as the left column, first column as the top row
    case 6: return [1 - v, u]; // turned a quarter clockwise to show upright
    case 7: return [1 - v, 1 - u];
    case 8: return [v, 1 - u]; // turned a quarter anticlockwise to show upright
    default: return [u, v];
  }
}

/** Orientations 5 to 8 show the stored image on its side: the upright photo's width is the stored height. */
export function swapsSides(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}
