import { nonMaximumSuppression } from '../../domain/geometry.js';
import type { Detection, Landmarks5, Point, RgbImage } from '../../domain/types.js';
import type { FaceDetector } from '../model.js';
import { openOnnxSession, ort, type InferenceOptions } from '../onnx-session.js';
import { resizeRgb, writePlanar } from '../image-tensor.js';
import { ReusableInput } from '../reusable-input.js';
import { detectionLongSide, type GridDetectorSettings } from './grid-detector-settings.js';
import { ANCHORS_PER_CELL, scrfdHeads } from './scrfd-outputs.js';
import { COARSE_PASS_MIN_FACE, detectionScales } from './scrfd-scales.js';

export type ScrfdSettings = GridDetectorSettings;

const ALIGN = 32;

/** InsightFace SCRFD with 5 keypoints (non-commercial weights): anchor-centred distances per stride 8/16/32. */
export class ScrfdDetector implements FaceDetector {
  readonly name = 'scrfd';
  private readonly input = new ReusableInput();

  private constructor(private readonly session: ort.InferenceSession, private readonly settings: ScrfdSettings) {}

  static async load(modelPath: string, settings: ScrfdSettings, inference: InferenceOptions): Promise<ScrfdDetector> {
    return new ScrfdDetector(await openOnnxSession(modelPath, inference), settings);
  }

  async detect(image: RgbImage): Promise<Detection[]> {
    const longSide = Math.max(image.width, image.height);
    const target = detectionLongSide(this.settings, longSide);
    const found: Detection[] = [];
    let finer: number | undefined;
    for (const scale of detectionScales(target / longSide, Math.min(image.width, image.height))) {
      const faces = await this.detectAt(image, scale);
      const minSide = finer === undefined ? 0 : COARSE_PASS_MIN_FACE / finer;
      found.push(...faces.filter((f) => Math.max(f.box.w, f.box.h) >= minSide));
      finer = scale;
    }
    // Faces of middling size are found at two scales; the better-scored box stands.
    return nonMaximumSuppression(found, this.settings.nmsIou);
  }

  private async detectAt(image: RgbImage, scale: number): Promise<Detection[]> {
    const w = Math.max(1, Math.round(image.width * scale));
    const h = Math.max(1, Math.round(image.height * scale));
    const resized = await resizeRgb(image, w, h);
    const padW = Math.ceil(w / ALIGN) * ALIGN;
    const padH = Math.ceil(h / ALIGN) * ALIGN;
    // writePlanar pads with black pixels as InsightFace's reference code does (a zero would mean mid-grey).
    const input = this.input.take(3 * padW * padH);
    let outputs: ort.InferenceSession.ReturnType;
    try {
      writePlanar(resized, input, 0, { width: padW, height: padH }, { mean: 127.5, std: 128, order: 'rgb' });
      outputs = await this.session.run({ [this.session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, padH, padW]) });
    } finally {
      this.input.release(input);
    }

    const found: Detection[] = [];
    const sx = image.width / w;
    const sy = image.height / h;
    for (const { stride, scores, boxes, keypoints } of scrfdHeads(this.session.outputNames.map((n) => outputs[n]!), padW, padH)) {
      const cols = padW / stride;
      for (let i = 0; i < scores.length; i++) {
        const score = scores[i]!;
        if (score < this.settings.scoreThreshold) continue;
        const cell = Math.floor(i / ANCHORS_PER_CELL);
        const cx = (cell % cols) * stride;
        const cy = Math.floor(cell / cols) * stride;
        const x1 = cx - boxes[i * 4]! * stride;
        const y1 = cy - boxes[i * 4 + 1]! * stride;
        const x2 = cx + boxes[i * 4 + 2]! * stride;
        const y2 = cy + boxes[i * 4 + 3]! * stride;
        const points: Point[] = [];
        for (let n = 0; n < 5; n++) {
          points.push([(cx + keypoints[i * 10 + 2 * n]! * stride) * sx, (cy + keypoints[i * 10 + 2 * n + 1]! * stride) * sy]);
        }
        found.push({
          box: { x: x1 * sx, y: y1 * sy, w: (x2 - x1) * sx, h: (y2 - y1) * sy },
          score,
          landmarks: points as unknown as Landmarks5,
        });
      }
    }
    return found;
  }
}
