import { nonMaximumSuppression } from '../../domain/geometry.js';
import type { Detection, Landmarks5, Point, RgbImage } from '../../domain/types.js';
import type { FaceDetector } from '../model.js';
import { openOnnxSession, ort, type InferenceOptions } from '../onnx-session.js';
import { resizeRgb, writePlanar } from '../image-tensor.js';
import { detectionLongSide, type GridDetectorSettings } from './grid-detector-settings.js';

export type YunetSettings = GridDetectorSettings;

const STRIDES = [8, 16, 32] as const;
const ALIGN = 32;

/** OpenCV's YuNet (MIT): anchor-free, outputs per-stride class, objectness, box and 5-keypoint maps. */
export class YunetDetector implements FaceDetector {
  readonly name = 'yunet';

  private constructor(private readonly session: ort.InferenceSession, private readonly settings: YunetSettings) {}

  static async load(modelPath: string, settings: YunetSettings, inference: InferenceOptions): Promise<YunetDetector> {
    return new YunetDetector(await openOnnxSession(modelPath, inference), settings);
  }

  async detect(image: RgbImage): Promise<Detection[]> {
    const longSide = Math.max(image.width, image.height);
    const target = detectionLongSide(this.settings, longSide);
    const scale = target / longSide;
    const w = Math.max(1, Math.round(image.width * scale));
    const h = Math.max(1, Math.round(image.height * scale));
    const resized = await resizeRgb(image, w, h);
    const padW = Math.ceil(w / ALIGN) * ALIGN;
    const padH = Math.ceil(h / ALIGN) * ALIGN;
    const input = new Float32Array(3 * padW * padH);
    writePlanar(resized, input, 0, { width: padW, height: padH }, { mean: 0, std: 1, order: 'bgr' });
    const outputs = await this.session.run({ input: new ort.Tensor('float32', input, [1, 3, padH, padW]) });

    const found: Detection[] = [];
    const sx = image.width / w;
    const sy = image.height / h;
    for (const stride of STRIDES) {
      const cols = padW / stride;
      const rows = padH / stride;
      const cls = outputs[`cls_${stride}`]!.data as Float32Array;
      const obj = outputs[`obj_${stride}`]!.data as Float32Array;
      const bbox = outputs[`bbox_${stride}`]!.data as Float32Array;
      const kps = outputs[`kps_${stride}`]!.data as Float32Array;
      for (let i = 0; i < rows * cols; i++) {
        const score = Math.sqrt(clamp01(cls[i]!) * clamp01(obj[i]!));
        if (score < this.settings.scoreThreshold) continue;
        const c = i % cols;
        const r = Math.floor(i / cols);
        const cx = (c + bbox[i * 4]!) * stride;
        const cy = (r + bbox[i * 4 + 1]!) * stride;
        const bw = Math.exp(bbox[i * 4 + 2]!) * stride;
        const bh = Math.exp(bbox[i * 4 + 3]!) * stride;
        const points: Point[] = [];
        for (let n = 0; n < 5; n++) {
          points.push([(kps[i * 10 + 2 * n]! + c) * stride * sx, (kps[i * 10 + 2 * n + 1]! + r) * stride * sy]);
        }
        found.push({
          box: { x: (cx - bw / 2) * sx, y: (cy - bh / 2) * sy, w: bw * sx, h: bh * sy },
          score,
          landmarks: points as unknown as Landmarks5,
        });
      }
    }
    return nonMaximumSuppression(found, this.settings.nmsIou);
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
