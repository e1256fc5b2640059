import { constantValue, ConversionContext, runtimeValue, type Value } from './conversion-context.js';
import { OnnxGraphBuilder } from './onnx-graph-builder.js';
import { attrShape, attrType } from './tf-attributes.js';
import { TF_OP_TABLE } from './tf-op-table.js';
import { readTfjsGraphModel, stripDefaultPort, type TfjsGraphModel, type TfNode } from './tfjs-graph-model.js';

/** Bump whenever the converter's output changes, so cached conversions are redone. */
export const CONVERTER_VERSION = 1;

/**
 * Converts a TFJS graph model (model.json + .bin weights) to ONNX model bytes.
 * Inputs and outputs keep the TF names (without ":0") and TF's NHWC layout, so a caller can feed the
 * same interleaved pixels it would give TFJS; inside, image tensors run in NCHW.
 */
export async function convertTfjsGraph(modelJsonPath: string): Promise<Uint8Array> {
  return convertGraphModel(await readTfjsGraphModel(modelJsonPath));
}

export function convertGraphModel(model: TfjsGraphModel): Uint8Array {
  const builder = new OnnxGraphBuilder();
  const nodes = new Map<string, TfNode>();
  for (const n of model.nodes) {
    if (nodes.has(n.name)) throw new Error(`${model.name}: two nodes are named ${n.name}`);
    nodes.set(n.name, n);
  }
  const values = new Map<string, Value>();
  const inProgress = new Set<string>();
  for (const output of model.outputs) builder.reserve(output);

  const resolve = (tensor: string): Value => {
    const key = stripDefaultPort(tensor);
    const known = values.get(key);
    if (known) return known;
    const [nodeName, port] = splitTensorName(key);
    const node = nodes.get(nodeName);
    if (!node) throw new Error(`${model.name}: tensor ${tensor} refers to no node in the graph`);
    if (inProgress.has(nodeName)) throw new Error(`${model.name}: node ${nodeName} is part of a cycle`);
    inProgress.add(nodeName);
    const outputs = convertNode(node);
    inProgress.delete(nodeName);
    outputs.forEach((v, k) => values.set(k === 0 ? nodeName : `${nodeName}:${k}`, v));
    const value = values.get(key);
    if (!value) throw new Error(`${model.name}: node ${nodeName} (${node.op}) has no output ${port}`);
    return value;
  };

  const ctx = new ConversionContext(builder, model.name, resolve);

  const convertNode = (node: TfNode): Value[] => {
    if (node.op === 'Const') return [constNode(node, model)];
    if (node.op === 'Placeholder') return [placeholder(node, builder, model.name)];
    const converter = TF_OP_TABLE[node.op];
    if (!converter) throw new Error(`${model.name}: unsupported TF op ${node.op} (node ${node.name})`);
    const out = converter(node, ctx);
    return Array.isArray(out) ? out : [out];
  };

  // Declare every signature input, used or not, so the ONNX model has the same interface as the TFJS one.
  for (const input of model.inputs) resolve(input);
  for (const output of model.outputs) {
    const value = resolve(output);
    const source = ctx.native(value, output);
    builder.node('Identity', [source], {}, { exact: output });
    builder.output(output, value.dtype);
  }
  return builder.toBytes(model.name, `converted from the TFJS graph model ${model.name} by facetag's converter v${CONVERTER_VERSION}`);
}

function splitTensorName(tensor: string): [string, number] {
  const match = /^(.*):(\d+)$/.exec(tensor);
  return match ? [match[1]!, Number(match[2])] : [tensor, 0];
}

function constNode(node: TfNode, model: TfjsGraphModel): Value {
  const weight = model.weights.get(node.name);
  if (!weight) throw new Error(`${model.name}: constant ${node.name} has no data in the weights manifest`);
  return constantValue(weight);
}

function placeholder(node: TfNode, builder: OnnxGraphBuilder, modelName: string): Value {
  const dtype = attrType(node, 'dtype', 'DT_FLOAT');
  if (dtype !== 'DT_FLOAT') throw new Error(`${modelName}: input ${node.name} has unsupported dtype ${dtype}`);
  const shape = attrShape(node, 'shape');
  if (!shape) throw new Error(`${modelName}: input ${node.name} has no static rank`);
  const dims = shape.map((d, i) => (d >= 0 ? d : i === 0 ? 'batch' : `${node.name}_dim${i}`));
  builder.input(node.name, 'float32', dims);
  return runtimeValue(node.name, 'native', 'float32', shape.length);
}
