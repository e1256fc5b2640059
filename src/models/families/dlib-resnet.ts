import { alignFace, templateFor, type CropSpec } from '../../domain/alignment.js';
import { applySimilarity, estimateSimilarity, invertSimilarity } from '../../domain/similarity-transform.js';
import type { Embedding, Landmarks5, RgbImage } from '../../domain/types.js';
import { l2Normalize } from '../../domain/vector.js';
import { cachedModelPath } from '../convert/converted-model-cache.js';
import { faceApiModelDir } from '../convert/npm-model-paths.js';
import { flipHorizontally } from '../image-tensor.js';
import type { FaceEmbedder } from '../model.js';
import { openOnnxSession, ort, type InferenceOptions } from '../onnx-session.js';
import {
  buildDlibResnet,
  DLIB_EMBEDDING_SIZE,
  DLIB_GRAPH_VERSION,
  faceApiRecognitionSources,
  DLIB_INPUT_NAME,
  DLIB_INPUT_SIZE,
  DLIB_OUTPUT_NAME,
  readFaceApiRecognitionWeights,
  type DlibResnetFlavour,
} from './dlib-resnet-graph.js';

export interface DlibResnetSettings {
  /**
   * How faces arrive (ArcFace template alignment); they are re-framed to dlib's own chip before inference.
   * dlib's chip reaches below the ArcFace crop, so padding must be at least about 0.08.
   */
  crop: CropSpec;
  maxBatch: number;
  flavour: DlibResnetFlavour;
  /** Also embed the mirrored chip and add the two: a second inference per face for a steadier embedding. */
  flip: boolean;
}

/**
 * Where dlib's face chip (150 px, padding 0.25, as dlib's get_face_chip_details cuts it) puts the eye
 * centres, nose tip and mouth corners: dlib's mean face shape (points 36-41, 42-47, 30, 48, 54 of the
 * 68-point model, in a unit square) mapped by (0.25 + u) / 1.5 * 150. Its framing is higher than ArcFace's
 * (eyes at 31 % of the height instead of 46 %), and the network only works with its own framing: fed
 * ArcFace-framed faces it scored 87 % on LFW pairs, re-framed to this chip 98.8 %.
 */
const DLIB_CHIP_POINTS: Landmarks5 = [
  [47.549, 46.599],
  [100.476, 46.599],
  [74.013, 76.563],
  [50.415, 103.023],
  [97.61, 103.023],
];
const CHIP: CropSpec = { size: DLIB_INPUT_SIZE, padding: 0 };

/**
 * dlib's 128-d face recognition ResNet, rebuilt as ONNX from the weights in @vladmandic/face-api
 * (always installed). Writing the graph takes about a second, so it is cached like a converted model.
 */
export class DlibResnetEmbedder implements FaceEmbedder {
  readonly name = 'dlib-resnet';
  readonly embeddingSize = DLIB_EMBEDDING_SIZE;

  /** Where, in an arriving aligned face, to put landmarks so that alignFace cuts dlib's chip out of it. */
  private readonly chipLandmarks: Landmarks5;

  private constructor(private readonly session: ort.InferenceSession, private readonly settings: DlibResnetSettings) {
    const cropToChip = estimateSimilarity(templateFor(settings.crop), DLIB_CHIP_POINTS);
    const chipToCrop = invertSimilarity(cropToChip);
    this.chipLandmarks = templateFor(CHIP).map((p) => applySimilarity(chipToCrop, p)) as unknown as Landmarks5;
    const corners = [applySimilarity(chipToCrop, [0, 0]), applySimilarity(chipToCrop, [DLIB_INPUT_SIZE, DLIB_INPUT_SIZE])];
    if (corners.some(([x, y]) => x < -0.5 || y < -0.5 || x > settings.crop.size + 0.5 || y > settings.crop.size + 0.5)) {
      throw new Error(`dlib-resnet: a crop with padding ${settings.crop.padding} does not contain dlib's face chip; use padding 0.1 or more`);
    }
  }

  get crop(): CropSpec {
    return this.settings.crop;
  }

  /** From an already built ONNX file (or its bytes). */
  static async load(model: string | Uint8Array, settings: DlibResnetSettings, inference: InferenceOptions): Promise<DlibResnetEmbedder> {
    return new DlibResnetEmbedder(await openOnnxSession(model, inference), settings);
  }

  /** From face-api's weights, built once into `cacheDir`. */
  static async loadBuiltin(cacheDir: string, settings: DlibResnetSettings, inference: InferenceOptions): Promise<DlibResnetEmbedder> {
    const dir = faceApiModelDir();
    const path = await cachedModelPath(
      {
        name: `dlib-resnet-${settings.flavour}`,
        sources: await faceApiRecognitionSources(dir),
        builderVersion: `g${DLIB_GRAPH_VERSION}`,
        build: async () => buildDlibResnet(await readFaceApiRecognitionWeights(dir), settings.flavour),
      },
      cacheDir,
    );
    return DlibResnetEmbedder.load(path, settings, inference);
  }

  async embed(faces: readonly RgbImage[]): Promise<Embedding[]> {
    const chips = faces.map((face) => this.chip(face));
    const inputs = this.settings.flip ? chips.flatMap((c) => [c, flipHorizontally(c)]) : chips;
    const raw: Float32Array[] = [];
    for (let start = 0; start < inputs.length; start += this.settings.maxBatch) {
      raw.push(...(await this.run(inputs.slice(start, start + this.settings.maxBatch))));
    }
    if (!this.settings.flip) return raw.map(l2Normalize);
    return chips.map((_, i) => {
      const sum = new Float32Array(DLIB_EMBEDDING_SIZE);
      for (let k = 0; k < DLIB_EMBEDDING_SIZE; k++) sum[k] = raw[2 * i]![k]! + raw[2 * i + 1]![k]!;
      return l2Normalize(sum);
    });
  }

  /** Re-frames an ArcFace-aligned face as dlib's 150 px chip. */
  private chip(face: RgbImage): RgbImage {
    const { size } = this.settings.crop;
    if (face.width !== size || face.height !== size) throw new Error(`aligned face must be ${size}x${size}, got ${face.width}x${face.height}`);
    return alignFace(face, this.chipLandmarks, CHIP);
  }

  /** Raw (unnormalised) embeddings of 150 px chips. */
  private async run(batch: readonly RgbImage[]): Promise<Float32Array[]> {
    if (batch.length === 0) return [];
    const pixels = DLIB_INPUT_SIZE * DLIB_INPUT_SIZE * 3;
    const input = new Float32Array(batch.length * pixels);
    batch.forEach((chip, i) => input.set(chip.data, i * pixels));
    const feeds = { [DLIB_INPUT_NAME]: new ort.Tensor('float32', input, [batch.length, DLIB_INPUT_SIZE, DLIB_INPUT_SIZE, 3]) };
    const data = (await this.session.run(feeds))[DLIB_OUTPUT_NAME]!.data as Float32Array;
    return batch.map((_, i) => data.slice(i * DLIB_EMBEDDING_SIZE, (i + 1) * DLIB_EMBEDDING_SIZE));
  }
}
