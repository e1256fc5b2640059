import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConstTensor } from '../convert/const-tensor.js';
import { transposeConst } from '../convert/const-tensor.js';
import { int, ints, OnnxGraphBuilder, str } from '../convert/onnx-graph-builder.js';
import { decodeWeightGroup, type TfjsWeightGroup } from '../convert/tfjs-weights.js';

/**
 * Builds dlib's face recognition ResNet (dlib_face_recognition_resnet_model_v1, 128-d) as an ONNX graph
 * from the weights face-api ships: face-api defines the network in code, not as a graph, so there is
 * nothing to convert, only the architecture to write down.
 *
 * 'dlib' reproduces dlib itself. 'face-api' reproduces face-api's port, which differs in one place: the
 * last downsampling block gets a 2x2 input, where dlib's 3x3 stride-2 convolution reads zeros past the
 * edge and yields 1x1 but TFJS's VALID convolution yields 0x0, so face-api drops that block's
 * convolution branch and keeps only the shortcut.
 */
export type DlibResnetFlavour = 'dlib' | 'face-api';

/** Bump whenever the graph written here changes, so cached builds are redone. */
export const DLIB_GRAPH_VERSION = 1;
export const FACE_API_RECOGNITION_MANIFEST = 'face_recognition_model-weights_manifest.json';

export const DLIB_INPUT_SIZE = 150;
export const DLIB_EMBEDDING_SIZE = 128;
export const DLIB_INPUT_NAME = 'input';
export const DLIB_OUTPUT_NAME = 'embedding';
/** dlib's input layer: (pixel - mean) / 256 per RGB channel (face-api divides by 255 instead). */
const MEAN_RGB = [122.782, 117.001, 104.298];

interface Stage {
  name: string;
  kind: 'residual' | 'down';
}

const STAGES: Stage[] = [
  ...['conv32_1', 'conv32_2', 'conv32_3'].map((name) => ({ name, kind: 'residual' as const })),
  { name: 'conv64_down', kind: 'down' },
  ...['conv64_1', 'conv64_2', 'conv64_3'].map((name) => ({ name, kind: 'residual' as const })),
  { name: 'conv128_down', kind: 'down' },
  ...['conv128_1', 'conv128_2'].map((name) => ({ name, kind: 'residual' as const })),
  { name: 'conv256_down', kind: 'down' },
  ...['conv256_1', 'conv256_2'].map((name) => ({ name, kind: 'residual' as const })),
  { name: 'conv256_down_out', kind: 'down' },
];

/** The manifest and the weight files it names, in order: what the built graph depends on. */
export async function faceApiRecognitionSources(modelDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(modelDir, FACE_API_RECOGNITION_MANIFEST), 'utf8')) as TfjsWeightGroup[];
  return [join(modelDir, FACE_API_RECOGNITION_MANIFEST), ...manifest.flatMap((g) => g.paths.map((p) => join(modelDir, p)))];
}

export async function readFaceApiRecognitionWeights(modelDir: string): Promise<Map<string, ConstTensor>> {
  const manifest = JSON.parse(await readFile(join(modelDir, FACE_API_RECOGNITION_MANIFEST), 'utf8')) as TfjsWeightGroup[];
  const weights = new Map<string, ConstTensor>();
  for (const group of manifest) {
    const bins = await Promise.all(group.paths.map((p) => readFile(join(modelDir, p))));
    for (const [k, v] of decodeWeightGroup(group.weights, Buffer.concat(bins), 'face_recognition_model')) weights.set(k, v);
  }
  return weights;
}

/** ONNX bytes: input `input` [batch, 150, 150, 3] RGB 0..255 (NHWC), output `embedding` [batch, 128], not normalised. */
export function buildDlibResnet(weights: Map<string, ConstTensor>, flavour: DlibResnetFlavour): Uint8Array {
  const g = new GraphWriter(weights, flavour);
  return g.build();
}

class GraphWriter {
  private readonly b = new OnnxGraphBuilder();

  constructor(private readonly weights: Map<string, ConstTensor>, private readonly flavour: DlibResnetFlavour) {}

  build(): Uint8Array {
    const b = this.b;
    b.input(DLIB_INPUT_NAME, 'float32', ['batch', DLIB_INPUT_SIZE, DLIB_INPUT_SIZE, 3]);
    b.reserve(DLIB_OUTPUT_NAME);
    let x = b.node('Transpose', [DLIB_INPUT_NAME], { perm: ints([0, 3, 1, 2]) }, { hint: 'nchw' });
    const mean = b.initializer({ dtype: 'float32', shape: [1, 3, 1, 1], data: Float32Array.from(MEAN_RGB) }, 'mean_rgb');
    const divisor = this.flavour === 'dlib' ? 256 : 255;
    const scale = b.initializer({ dtype: 'float32', shape: [], data: Float32Array.of(1 / divisor) }, 'input_scale');
    x = b.node('Mul', [b.node('Sub', [x, mean], {}, { hint: 'centred' }), scale], {}, { hint: 'normalised' });
    let size = DLIB_INPUT_SIZE;
    x = b.node('Relu', [this.conv(x, 'conv32_down', 2, [0, 0, 0, 0])], {}, { hint: 'conv32_down/relu' });
    size = convOut(size, 7, 2, 0);
    x = b.node('MaxPool', [x], { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([0, 0, 0, 0]) }, { hint: 'pool' });
    size = convOut(size, 3, 2, 0);
    let channels = 32;
    for (const stage of STAGES) {
      if (stage.kind === 'residual') {
        x = this.residual(x, stage.name);
        continue;
      }
      const outChannels = this.weights.get(`${stage.name}/conv1/conv/filters`)!.shape[3]!;
      ({ x, size } = this.residualDown(x, stage.name, size, outChannels - channels));
      channels = outChannels;
    }
    const pooled = b.node('GlobalAveragePool', [x], {}, { hint: 'global_pool' });
    const flat = b.node('Flatten', [pooled], { axis: int(1) }, { hint: 'flat' });
    const fc = b.initializer(this.weight('fc'), 'fc');
    b.node('MatMul', [flat, fc], {}, { exact: DLIB_OUTPUT_NAME });
    b.output(DLIB_OUTPUT_NAME, 'float32');
    return b.toBytes('dlib_face_recognition_resnet', `dlib face recognition ResNet (${this.flavour}) built by facetag from face-api weights`);
  }

  private residual(x: string, name: string): string {
    const b = this.b;
    let out = b.node('Relu', [this.conv(x, `${name}/conv1`, 1, [1, 1, 1, 1])], {}, { hint: `${name}/relu1` });
    out = this.conv(out, `${name}/conv2`, 1, [1, 1, 1, 1]);
    return b.node('Relu', [b.node('Add', [out, x], {}, { hint: `${name}/add` })], {}, { hint: `${name}/relu` });
  }

  /**
   * Stride-2 block: the shortcut is a 2x2 average pool, zero-padded in channels; where the convolution
   * branch comes out smaller than the shortcut (odd sizes), dlib adds it into the top-left corner.
   */
  private residualDown(x: string, name: string, size: number, extraChannels: number): { x: string; size: number } {
    const b = this.b;
    const pooledSize = Math.floor(size / 2);
    let shortcut = b.node('AveragePool', [x], { kernel_shape: ints([2, 2]), strides: ints([2, 2]) }, { hint: `${name}/pool` });
    if (extraChannels > 0) shortcut = this.padEnd(shortcut, [0, extraChannels, 0, 0], `${name}/pool_pad`);
    // dlib sizes a stride-2 convolution as 1 + (size - 3) / 2 with C's truncating division, reading zeros past the edge.
    const dlibSize = 1 + Math.trunc((size - 3) / 2);
    const validSize = size >= 3 ? Math.floor((size - 3) / 2) + 1 : 0;
    const convSize = this.flavour === 'dlib' ? dlibSize : validSize;
    if (convSize === 0) return { x: b.node('Relu', [shortcut], {}, { hint: `${name}/relu` }), size: pooledSize };
    const tail = Math.max(0, (convSize - 1) * 2 + 3 - size);
    let out = b.node('Relu', [this.conv(x, `${name}/conv1`, 2, [0, 0, tail, tail])], {}, { hint: `${name}/relu1` });
    out = this.conv(out, `${name}/conv2`, 1, [1, 1, 1, 1]);
    if (convSize < pooledSize) out = this.padEnd(out, [0, 0, pooledSize - convSize, pooledSize - convSize], `${name}/grow`);
    const sum = b.node('Add', [out, shortcut], {}, { hint: `${name}/add` });
    return { x: b.node('Relu', [sum], {}, { hint: `${name}/relu` }), size: pooledSize };
  }

  /** Zero padding after the data on each NCHW axis. */
  private padEnd(x: string, after: number[], hint: string): string {
    const pads = this.b.initializer({ dtype: 'int64', shape: [8], data: [0, 0, 0, 0, ...after] }, `${hint}/pads`);
    return this.b.node('Pad', [x, pads], { mode: str('constant') }, { hint });
  }

  /** Convolution with its bias and the following affine "scale" layer folded into weights and bias. */
  private conv(x: string, prefix: string, stride: number, pads: number[]): string {
    const filters = this.weight(`${prefix}/conv/filters`);
    const bias = this.weight(`${prefix}/conv/bias`).data as Float32Array;
    const scaleW = this.weight(`${prefix}/scale/weights`).data as Float32Array;
    const scaleB = this.weight(`${prefix}/scale/biases`).data as Float32Array;
    const w = transposeConst(filters, [3, 2, 0, 1]);
    const [outCh, inCh, kh, kw] = w.shape as [number, number, number, number];
    const perOut = inCh * kh * kw;
    const folded = new Float32Array(w.data as Float32Array);
    const foldedBias = new Float32Array(outCh);
    for (let o = 0; o < outCh; o++) {
      for (let k = 0; k < perOut; k++) folded[o * perOut + k]! *= scaleW[o]!;
      foldedBias[o] = bias[o]! * scaleW[o]! + scaleB[o]!;
    }
    const wName = this.b.initializer({ dtype: 'float32', shape: w.shape, data: folded }, `${prefix}/w`);
    const bName = this.b.initializer({ dtype: 'float32', shape: [outCh], data: foldedBias }, `${prefix}/b`);
    return this.b.node('Conv', [x, wName, bName], { kernel_shape: ints([kh, kw]), strides: ints([stride, stride]), pads: ints(pads) }, { hint: prefix });
  }

  private weight(name: string): ConstTensor {
    const w = this.weights.get(name);
    if (!w) throw new Error(`face_recognition_model: weight ${name} is missing from the manifest`);
    return w;
  }
}

function convOut(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}
