import type { ort } from '../onnx-session.js';
import { BLAZEFACE_BACK_ANCHORS, BLAZEFACE_FULL_ANCHORS, type AnchorLayout } from './blazeface-anchors.js';

/**
 * 'back': MediaPipe's short-range "back camera" model (human-models blazeface-back, 256 px).
 * 'full': MediaPipe's full-range model (human-models facemesh-detection-full, 192 px).
 */
export type BlazefaceVariant = 'back' | 'full';

/** Per anchor: box centre x, y, width, height, then 6 keypoints x, y, as offsets in input pixels. */
export const BLAZEFACE_REGRESSORS = 16;

export interface VariantSpec {
  tfjsModel: string;
  anchors: AnchorLayout;
  /** Per anchor: the score logit and 16 regressed values (box cx, cy, w, h, then 6 keypoints x, y). */
  readOutputs(outputs: ort.InferenceSession.OnnxValueMapType): { logits: Float32Array; regressors: Float32Array };
}

export const BLAZEFACE_VARIANTS: Record<BlazefaceVariant, VariantSpec> = {
  back: {
    tfjsModel: 'blazeface-back',
    anchors: BLAZEFACE_BACK_ANCHORS,
    // Scores and regressors come per stride: Identity/Identity_2 for the 512 stride-16 anchors, Identity_1/Identity_3 for the 384 stride-32 ones.
    readOutputs: (o) => ({
      logits: concat(data(o, 'Identity'), data(o, 'Identity_1')),
      regressors: concat(data(o, 'Identity_2'), data(o, 'Identity_3')),
    }),
  },
  full: {
    tfjsModel: 'facemesh-detection-full',
    anchors: BLAZEFACE_FULL_ANCHORS,
    // Rows of 17: logit then the 16 regressors. Identity_1 is the model's person head, unused.
    readOutputs: (o) => {
      const rows = data(o, 'Identity');
      const n = rows.length / (BLAZEFACE_REGRESSORS + 1);
      const logits = new Float32Array(n);
      const regressors = new Float32Array(n * BLAZEFACE_REGRESSORS);
      for (let i = 0; i < n; i++) {
        logits[i] = rows[i * (BLAZEFACE_REGRESSORS + 1)]!;
        regressors.set(rows.subarray(i * (BLAZEFACE_REGRESSORS + 1) + 1, (i + 1) * (BLAZEFACE_REGRESSORS + 1)), i * BLAZEFACE_REGRESSORS);
      }
      return { logits, regressors };
    },
  },
};

function data(outputs: ort.InferenceSession.OnnxValueMapType, name: string): Float32Array {
  const t = outputs[name];
  if (!t) throw new Error(`BlazeFace model has no output ${name}`);
  return t.data as Float32Array;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
