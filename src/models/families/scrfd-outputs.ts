import type { ort } from '../onnx-session.js';

/** One stride's outputs, two anchors per cell in row-major cell order. */
export interface ScrfdHead {
  stride: number;
  scores: Float32Array;
  /** Distances (left, top, right, bottom) from the anchor centre, in strides. */
  boxes: Float32Array;
  /** Five (x, y) offsets from the anchor centre, in strides. */
  keypoints: Float32Array;
}

const STRIDES = [8, 16, 32] as const;
export const ANCHORS_PER_CELL = 2;

/**
 * Sorts SCRFD's nine outputs into per-stride heads. Exports name them by graph node number ('443', '446', ...),
 * which differs between the 0.5G and 2.5G files, so they are told apart by shape: the last dimension says what
 * (1 score, 4 box distances, 10 keypoint offsets) and the row count says which stride.
 */
export function scrfdHeads(outputs: readonly ort.Tensor[], inputWidth: number, inputHeight: number): ScrfdHead[] {
  const byWidth = (width: number): Float32Array[] => {
    const rowsOf = (t: ort.Tensor) => t.dims[t.dims.length - 2] ?? 0;
    const found = outputs.filter((t) => t.dims[t.dims.length - 1] === width).sort((a, b) => rowsOf(b) - rowsOf(a));
    if (found.length !== STRIDES.length) {
      throw new Error(`SCRFD model should give ${STRIDES.length} outputs of width ${width}, gave ${found.length}; is this a 5-keypoint SCRFD?`);
    }
    return found.map((t) => t.data as Float32Array);
  };
  const scores = byWidth(1);
  const boxes = byWidth(4);
  const keypoints = byWidth(10);
  return STRIDES.map((stride, k) => {
    const anchors = (inputWidth / stride) * (inputHeight / stride) * ANCHORS_PER_CELL;
    if (scores[k]!.length !== anchors || boxes[k]!.length !== anchors * 4 || keypoints[k]!.length !== anchors * 10) {
      throw new Error(`SCRFD stride ${stride} outputs do not match a ${inputWidth}x${inputHeight} input with ${ANCHORS_PER_CELL} anchors per cell`);
    }
    return { stride, scores: scores[k]!, boxes: boxes[k]!, keypoints: keypoints[k]! };
  });
}
