import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { storedToUpright } from '../../../src/interop/import/exif-orientation.js';

const W = 40;
const H = 20;
/** A white rectangle on black, in stored pixels. */
const MARK = { x: 4, y: 2, w: 10, h: 6 };

/** Where sharp (libvips, as facetag's decoder) shows the white rectangle once the orientation is applied. */
async function markShownUpright(orientation: number) {
  const pixels = Buffer.alloc(W * H);
  for (let y = MARK.y; y < MARK.y + MARK.h; y++) pixels.fill(255, y * W + MARK.x, y * W + MARK.x + MARK.w);
  const png = await sharp(pixels, { raw: { width: W, height: H, channels: 1 } }).png().withMetadata({ orientation }).toBuffer();
  const { data, info } = await sharp(png).rotate().raw().toBuffer({ resolveWithObject: true });
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[(y * info.width + x) * info.channels]! < 128) continue;
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    }
  }
  return { box: { x: minX / info.width, y: minY / info.height, w: (maxX + 1 - minX) / info.width, h: (maxY + 1 - minY) / info.height } };
}

describe('storedToUpright', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('puts a stored box where the upright photo shows it (orientation %i)', async (orientation) => {
    const stored = { x: MARK.x / W, y: MARK.y / H, w: MARK.w / W, h: MARK.h / H };
    const { box } = await markShownUpright(orientation);
    const moved = storedToUpright(stored, orientation);
    for (const key of ['x', 'y', 'w', 'h'] as const) expect(moved[key]).toBeCloseTo(box[key], 6);
  });
});
