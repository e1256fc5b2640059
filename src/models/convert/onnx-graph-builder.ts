import onnxProto from 'onnx-proto';
import type { ConstDtype, ConstTensor } from './const-tensor.js';

const { onnx } = onnxProto;

/** The opset the converter writes: every op it emits is defined there with inputs (not attributes) for axes of Squeeze/Unsqueeze/ReduceSum. */
export const ONNX_OPSET = 13;

export type OnnxAttr =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string };

export const int = (value: number): OnnxAttr => ({ kind: 'int', value });
export const ints = (value: number[]): OnnxAttr => ({ kind: 'ints', value });
export const float = (value: number): OnnxAttr => ({ kind: 'float', value });
export const str = (value: string): OnnxAttr => ({ kind: 'string', value });

const ELEMENT_TYPE: Record<ConstDtype, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** Accumulates nodes, initializers and graph inputs/outputs, then serialises one ONNX model. */
export class OnnxGraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly usedNames = new Set<string>();

  /** A tensor name not used yet, as close to `hint` as possible (TF names are kept so ORT errors point at the TF node). */
  uniqueName(hint: string): string {
    let name = hint;
    for (let k = 1; this.usedNames.has(name); k++) name = `${hint}_${k}`;
    this.usedNames.add(name);
    return name;
  }

  /** Keeps a name free for a graph output, so tensors converted earlier cannot take it. */
  reserve(name: string): void {
    this.usedNames.add(name);
  }

  /**
   * Adds a node with one output and returns that output's name: `output.hint` is made unique,
   * `output.exact` (a reserved graph output name) is used as is.
   */
  node(op: string, inputs: readonly string[], attrs: Record<string, OnnxAttr> = {}, output: { hint?: string; exact?: string } = {}): string {
    const name = output.exact ?? this.uniqueName(output.hint ?? op);
    this.emit(op, inputs, attrs, name);
    return name;
  }

  private emit(op: string, inputs: readonly string[], attrs: Record<string, OnnxAttr>, output: string): void {
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        name: output,
        input: [...inputs],
        output: [output],
        attribute: Object.entries(attrs).map(([name, a]) => toAttribute(name, a)),
      }),
    );
  }

  initializer(t: ConstTensor, hint: string): string {
    const name = this.uniqueName(hint);
    this.initializers.push(onnx.TensorProto.create({ name, dims: t.shape, dataType: ELEMENT_TYPE[t.dtype], rawData: rawBytes(t) }));
    return name;
  }

  /** Declares a graph input; dims given as strings are symbolic (dynamic batch). */
  input(name: string, dtype: ConstDtype, dims: readonly (number | string)[]): void {
    this.usedNames.add(name);
    this.inputs.push(valueInfo(name, dtype, dims));
  }

  output(name: string, dtype: ConstDtype): void {
    this.outputs.push(valueInfo(name, dtype, undefined));
  }

  toBytes(graphName: string, docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'facetag',
      docString,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      graph: onnx.GraphProto.create({
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      }),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function toAttribute(name: string, a: OnnxAttr): InstanceType<typeof onnx.AttributeProto> {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int': return onnx.AttributeProto.create({ name, type: T.INT, i: a.value });
    case 'ints': return onnx.AttributeProto.create({ name, type: T.INTS, ints: a.value });
    case 'float': return onnx.AttributeProto.create({ name, type: T.FLOAT, f: a.value });
    case 'string': return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(a.value) });
  }
}

function valueInfo(name: string, dtype: ConstDtype, dims: readonly (number | string)[] | undefined): InstanceType<typeof onnx.ValueInfoProto> {
  const shape = dims && { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) };
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: ELEMENT_TYPE[dtype], ...(shape ? { shape } : {}) } } });
}

function rawBytes(t: ConstTensor): Uint8Array {
  switch (t.dtype) {
    case 'float32': {
      const f = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>);
      return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
    }
    case 'int64': {
      const b = BigInt64Array.from(Array.from(t.data as ArrayLike<number>, (v) => BigInt(Math.round(v))));
      return new Uint8Array(b.buffer);
    }
    case 'bool':
      return Uint8Array.from(t.data as ArrayLike<number>, (v) => (v ? 1 : 0));
  }
}
