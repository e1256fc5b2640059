import type { ConstTensor } from './const-tensor.js';
import { elementCount } from './const-tensor.js';

/** One entry of a TFJS weights manifest (model.json `weightsManifest[].weights`, or face-api's *-weights_manifest.json). */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/**
 * Decodes the weights of one manifest group from the concatenation of its .bin files.
 * Quantised weights (uint8/uint16 affine, float16) are expanded to float32, as TFJS does at load time;
 * int32 weights become int64 because the ONNX ops that take them (Reshape, Pad, Slice...) want int64.
 */
export function decodeWeightGroup(specs: readonly TfjsWeightSpec[], bytes: Uint8Array, modelName: string): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const spec of specs) {
    const count = elementCount(spec.shape);
    const storedAs = spec.quantization?.dtype ?? spec.dtype;
    const size = count * bytesPerElement(storedAs, spec, modelName);
    if (offset + size > bytes.byteLength) {
      throw new Error(`${modelName}: weight ${spec.name} needs bytes ${offset}..${offset + size} but the weight files hold ${bytes.byteLength}`);
    }
    const values = readValues(view, offset, count, spec);
    offset += size;
    out.set(spec.name, toConst(values, spec, modelName));
  }
  return out;
}

function bytesPerElement(storedAs: string, spec: TfjsWeightSpec, modelName: string): number {
  switch (storedAs) {
    case 'float32':
    case 'int32':
      return 4;
    case 'float16':
    case 'uint16':
      return 2;
    case 'uint8':
    case 'bool':
      return 1;
    default:
      throw new Error(`${modelName}: weight ${spec.name} has unsupported dtype ${storedAs}`);
  }
}

function readValues(view: DataView, offset: number, count: number, spec: TfjsWeightSpec): Float64Array {
  const values = new Float64Array(count);
  const q = spec.quantization;
  const storedAs = q?.dtype ?? spec.dtype;
  const scale = q?.scale ?? 1;
  const min = q?.min ?? 0;
  for (let i = 0; i < count; i++) {
    switch (storedAs) {
      case 'float32': values[i] = view.getFloat32(offset + 4 * i, true); break;
      case 'int32': values[i] = view.getInt32(offset + 4 * i, true); break;
      case 'float16': values[i] = halfToFloat(view.getUint16(offset + 2 * i, true)); break;
      case 'uint16': values[i] = view.getUint16(offset + 2 * i, true) * scale + min; break;
      case 'uint8': values[i] = view.getUint8(offset + i) * scale + min; break;
      case 'bool': values[i] = view.getUint8(offset + i); break;
    }
  }
  return values;
}

function toConst(values: Float64Array, spec: TfjsWeightSpec, modelName: string): ConstTensor {
  const shape = [...spec.shape];
  switch (spec.dtype) {
    case 'float32':
      return { dtype: 'float32', shape, data: Float32Array.from(values) };
    case 'int32':
      return { dtype: 'int64', shape, data: Array.from(values, Math.round) };
    case 'bool':
      return { dtype: 'bool', shape, data: Uint8Array.from(values) };
    default:
      throw new Error(`${modelName}: weight ${spec.name} has unsupported dtype ${spec.dtype}`);
  }
}

/** IEEE 754 binary16 to a JS number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
