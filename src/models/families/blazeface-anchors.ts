/**
 * BlazeFace's fixed anchors: one per cell centre (in input pixels), repeated `perCell` times, stride by
 * stride, row-major, in the order the model's output rows come. All anchors have unit size, so a box
 * is decoded as the anchor centre plus the regressed offset, in input pixels.
 */
export interface AnchorLayout {
  inputSize: number;
  strides: readonly { stride: number; perCell: number }[];
}

/** blazeface-back (MediaPipe "back camera" short-range model): 256 px, 16x16x2 + 8x8x6 = 896 anchors. */
export const BLAZEFACE_BACK_ANCHORS: AnchorLayout = { inputSize: 256, strides: [{ stride: 16, perCell: 2 }, { stride: 32, perCell: 6 }] };

/** facemesh-detection-full (MediaPipe full-range model): 192 px, 48x48 = 2304 anchors. */
export const BLAZEFACE_FULL_ANCHORS: AnchorLayout = { inputSize: 192, strides: [{ stride: 4, perCell: 1 }] };

/** Anchor centres as [x0, y0, x1, y1, ...]. */
export function generateAnchors(layout: AnchorLayout): Float32Array {
  const centres: number[] = [];
  for (const { stride, perCell } of layout.strides) {
    const cells = Math.ceil(layout.inputSize / stride);
    for (let row = 0; row < cells; row++) {
      for (let col = 0; col < cells; col++) {
        for (let k = 0; k < perCell; k++) centres.push((col + 0.5) * stride, (row + 0.5) * stride);
      }
    }
  }
  return Float32Array.from(centres);
}
