import { describe, expect, it } from 'vitest';
import { letterbox, tiles } from '../../../src/models/families/blazeface-letterbox.js';

describe('letterbox', () => {
  it('scales the photo into the top-left corner and fills the rest with black', async () => {
    const image = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(255) };
    const box = await letterbox(image, 8);
    expect(box.scaleX).toBe(0.5);
    expect(box.scaleY).toBe(0.5);
    expect(box.tensor[0]).toBe(1);
    // Row 4 is below the photo (8 x 4 after scaling).
    expect(box.tensor[4 * 8 * 3]).toBe(-1);
  });

  it('maps a region back with its offset', async () => {
    const image = { width: 10, height: 10, data: new Uint8Array(300) };
    const box = await letterbox(image, 4, { x: 6, y: 2, w: 4, h: 4 });
    expect(box.region).toEqual({ x: 6, y: 2, w: 4, h: 4 });
    expect(box.scaleX).toBe(1);
  });
});

describe('tiles', () => {
  it('is empty without tiling', () => {
    expect(tiles(1000, 800, 1, 0.25)).toEqual([]);
  });

  it('covers the photo with overlapping squares', () => {
    const t = tiles(1000, 600, 2, 0.25);
    const side = t[0]!.w;
    expect(t.every((b) => b.w === side && b.h === side)).toBe(true);
    expect(Math.max(...t.map((b) => b.x + b.w))).toBe(1000);
    expect(Math.max(...t.map((b) => b.y + b.h))).toBe(600);
    expect(Math.min(...t.map((b) => b.x))).toBe(0);
    const xs = [...new Set(t.map((b) => b.x))].sort((a, b) => a - b);
    // Neighbours overlap: each starts before the previous one ends.
    for (let k = 1; k < xs.length; k++) expect(xs[k]!).toBeLessThan(xs[k - 1]! + side);
  });
});
