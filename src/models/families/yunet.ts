import { nonMaximumSuppression, overlapsSmaller, withoutDoubles } from '../../domain/geometry.js';
import type { Detection, Landmarks5, Point, RgbImage } from '../../domain/types.js';
import type { FaceDetector } from '../model.js';
import { openOnnxSession, ort, type InferenceOptions } from '../onnx-session.js';
import { resizeRgb, writePlanar } from '../image-tensor.js';
import { ReusableInput } from '../reusable-input.js';
import { detectionLongSide, type GridDetectorSettings } from './grid-detector-settings.js';

export type YunetSettings = GridDetectorSettings;

const STRIDES = [8, 16, 32] as const;

/**
 * YuNet misses a face that fills most of its input: the 150 px close-ups howard1 and stuart5 of small/bbt_faceapijs,
 * enlarged to 640 px, come back empty, and are found with the short side at 320 px. A second pass at this short side
 * finds such faces; it runs only when the first pass looked at a much bigger image, and adds only faces the first
 * pass did not find, so every face the first pass finds keeps its box and landmarks.
 */
export const COARSE_SHORT_SIDE = 320;

/** A face the coarse pass adds must be at least this big (pixels of the first pass's input); smaller ones are noise. */
export const COARSE_MIN_FACE = 160;
const ALIGN = 32;

/** OpenCV's YuNet (MIT): anchor-free, outputs per-stride class, objectness, box and 5-keypoint maps. */
export class YunetDetector implements FaceDetector {
  readonly name = 'yunet';
  private readonly input = new ReusableInput();

  private constructor(private readonly session: ort.InferenceSession, private readonly settings: YunetSettings) {}

  static async load(modelPath: string, settings: YunetSettings, inference: InferenceOptions): Promise<YunetDetector> {
    return new YunetDetector(await openOnnxSession(modelPath, inference), settings);
  }

  async detect(image: RgbImage): Promise<Detection[]> {
    const longSide = Math.max(image.width, image.height);
    const shortSide = Math.min(image.width, image.height);
    const scale = detectionLongSide(this.settings, longSide) / longSide;
    const found = withoutDoubles(await this.detectAt(image, scale), DOUBLE_OVERLAP);
    if (shortSide * scale <= COARSE_SHORT_SIDE * 1.25) return found;
    // Only faces the first pass did not find, and only big ones: small faces the first pass saw in more detail.
    const added = (await this.detectAt(image, COARSE_SHORT_SIDE / shortSide)).filter(
      (f) => Math.min(f.box.w, f.box.h) * scale >= COARSE_MIN_FACE && found.every((k) => !overlapsSmaller(k.box, f.box, COARSE_OVERLAP)),
    );
    return [...found, ...added];
  }

  private async detectAt(image: RgbImage, scale: number): Promise<Detection[]> {
    const w = Math.max(1, Math.round(image.width * scale));
    const h = Math.max(1, Math.round(image.height * scale));
    const resized = await resizeRgb(image, w, h);
    const padW = Math.ceil(w / ALIGN) * ALIGN;
    const padH = Math.ceil(h / ALIGN) * ALIGN;
    const input = this.input.take(3 * padW * padH);
    let outputs: ort.InferenceSession.ReturnType;
    try {
      writePlanar(resized, input, 0, { width: padW, height: padH }, { mean: 0, std: 1, order: 'bgr' });
      outputs = await this.session.run({ input: new ort.Tensor('float32', input, [1, 3, padH, padW]) });
    } finally {
      this.input.release(input);
    }

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

/**
 * The coarse pass boxes a face the first pass found differently (shifted, larger), often below the usual NMS overlap:
 * a quarter of the smaller box in common is enough to call it the same face.
 */
const COARSE_OVERLAP = 0.25;

/**
 * YuNet sometimes boxes one large face twice, the second box shifted by a third of the face (small/deepface img33:
 * two boxes of a 600 px face with IoU 0.29, just under NMS's 0.3). Two faces in one photo then compete for one person,
 * and the clustering, which never puts two faces of a photo in one person, leaves one out. A box sharing more than
 * this share of the smaller box with a better-scored one is such a double; faces behind faces in crowds overlap less.
 */
export const DOUBLE_OVERLAP = 0.4;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
