/**
 * SCRFD stops finding faces larger than about 300 px in its input (measured on LFW, small/ and the group photos:
 * every face up to 256 px found, a third at 384 px, none above 448 px), so a close-up photo detected at full
 * resolution comes back empty. Detecting again at coarser scales until the photo's short side, the largest a face
 * can be, is at most this many pixels finds those faces; each pass costs a fraction of the first.
 */
export const LARGEST_FACE = 256;

/**
 * A coarse pass only adds faces at least this big at the previous, finer scale: smaller ones that pass saw in
 * more detail, and among tiny blobs a coarse pass finds false faces (a dog's, on hard/no_face).
 */
export const COARSE_PASS_MIN_FACE = LARGEST_FACE / 2;

/** Coarse passes at most this much smaller than the previous one, so that face sizes found by both overlap widely. */
const STEP = 4;

/** Scales (input pixels per photo pixel) to detect at, starting with the requested one. */
export function detectionScales(requested: number, shortSide: number): number[] {
  const scales = [requested];
  for (let last = requested; shortSide * last > LARGEST_FACE * 1.01; ) {
    last = Math.max(last / STEP, LARGEST_FACE / shortSide);
    scales.push(last);
  }
  return scales;
}
