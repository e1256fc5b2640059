import type { CropSpec } from '../../domain/alignment.js';
import type { Embedding, RgbImage } from '../../domain/types.js';
import { l2Normalize } from '../../domain/vector.js';
import type { FaceEmbedder } from '../model.js';
import { flipHorizontally, writePlanar, type ColourOrder } from '../image-tensor.js';
import { openOnnxSession, ort, type InferenceOptions } from '../onnx-session.js';

export interface ArcfaceSettings {
  embeddingSize: number;
  colour: ColourOrder;
  mean: number;
  std: number;
  /** Adds the embedding of the mirrored face: costs a second inference, steadies the result for turned heads. */
  flip: boolean;
  /** Largest batch the model accepts in one run; 1 for models exported with a fixed batch. */
  maxBatch: number;
}

/** Any ArcFace-style recogniser: 112x112 aligned crop in, one embedding out (MobileFaceNet, ResNet, ...). */
export class ArcfaceEmbedder implements FaceEmbedder {
  readonly name = 'arcface';
  readonly crop: CropSpec = { size: 112, padding: 0 };

  private constructor(private readonly session: ort.InferenceSession, private readonly settings: ArcfaceSettings) {}

  get embeddingSize(): number {
    return this.settings.embeddingSize;
  }

  static async load(modelPath: string, settings: ArcfaceSettings, inference: InferenceOptions): Promise<ArcfaceEmbedder> {
    return new ArcfaceEmbedder(await openOnnxSession(modelPath, inference), settings);
  }

  async embed(faces: readonly RgbImage[]): Promise<Embedding[]> {
    const inputs = this.settings.flip ? faces.flatMap((f) => [f, flipHorizontally(f)]) : [...faces];
    const raw: Float32Array[] = [];
    for (let start = 0; start < inputs.length; start += this.settings.maxBatch) {
      raw.push(...(await this.run(inputs.slice(start, start + this.settings.maxBatch))));
    }
    if (!this.settings.flip) return raw.map(l2Normalize);
    return faces.map((_, i) => {
      const a = raw[2 * i]!;
      const b = raw[2 * i + 1]!;
      const sum = new Float32Array(a.length);
      for (let k = 0; k < a.length; k++) sum[k] = a[k]! + b[k]!;
      return l2Normalize(sum);
    });
  }

  private async run(batch: readonly RgbImage[]): Promise<Float32Array[]> {
    const { size } = this.crop;
    const plane = size * size;
    const input = new Float32Array(batch.length * 3 * plane);
    batch.forEach((face, i) => {
      if (face.width !== size || face.height !== size) throw new Error(`aligned face must be ${size}x${size}, got ${face.width}x${face.height}`);
      writePlanar(face, input, i * 3 * plane, { width: size, height: size }, { mean: this.settings.mean, std: this.settings.std, order: this.settings.colour });
    });
    const feeds = { [this.session.inputNames[0]!]: new ort.Tensor('float32', input, [batch.length, 3, size, size]) };
    const output = (await this.session.run(feeds))[this.session.outputNames[0]!]!;
    const data = output.data as Float32Array;
    const dim = data.length / batch.length;
    if (dim !== this.settings.embeddingSize) throw new Error(`model gives ${dim}-d embeddings, pack says ${this.settings.embeddingSize}`);
    return batch.map((_, i) => data.slice(i * dim, (i + 1) * dim));
  }
}
