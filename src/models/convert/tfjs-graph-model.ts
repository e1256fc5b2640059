import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ConstTensor } from './const-tensor.js';
import { decodeWeightGroup, type TfjsWeightGroup } from './tfjs-weights.js';

/** A TensorFlow attribute as stored in model.json (protobuf JSON: strings are base64, int64 are strings). */
export interface TfAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size: string | number }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; type?: string[] };
}

export interface TfNode {
  name: string;
  op: string;
  /** Data inputs as "node" or "node:k"; control dependencies ("^node") are dropped, they do not matter at inference. */
  inputs: string[];
  attr: Record<string, TfAttrValue>;
}

export interface TfjsGraphModel {
  /** For error messages: the model file name without extension. */
  name: string;
  nodes: TfNode[];
  weights: Map<string, ConstTensor>;
  /** Tensor names ("node" or "node:k") the model is fed with and answers with, in signature order. */
  inputs: string[];
  outputs: string[];
}

interface ModelJson {
  format?: string;
  modelTopology?: { node?: { name: string; op: string; input?: string[]; attr?: Record<string, TfAttrValue> }[] };
  weightsManifest?: TfjsWeightGroup[];
  signature?: Signature;
  userDefinedMetadata?: { signature?: Signature };
}

interface Signature {
  inputs?: Record<string, { name?: string }>;
  outputs?: Record<string, { name?: string }>;
}

export async function readTfjsGraphModel(modelJsonPath: string): Promise<TfjsGraphModel> {
  const name = basename(modelJsonPath).replace(/\.json$/, '');
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
  const rawNodes = json.modelTopology?.node;
  if (json.format !== 'graph-model' || !rawNodes) {
    throw new Error(`${name}: ${modelJsonPath} is not a TFJS graph model (format ${json.format ?? 'missing'})`);
  }
  const weights = new Map<string, ConstTensor>();
  for (const group of json.weightsManifest ?? []) {
    const bins = await Promise.all(group.paths.map((p) => readFile(join(dirname(modelJsonPath), p))));
    for (const [k, v] of decodeWeightGroup(group.weights, Buffer.concat(bins), name)) weights.set(k, v);
  }
  const nodes: TfNode[] = rawNodes.map((n) => ({
    name: n.name,
    op: n.op,
    inputs: (n.input ?? []).filter((i) => !i.startsWith('^')),
    attr: n.attr ?? {},
  }));
  const signature = json.signature ?? json.userDefinedMetadata?.signature;
  return {
    name,
    nodes,
    weights,
    inputs: signatureNames(signature?.inputs) ?? nodes.filter((n) => n.op === 'Placeholder').map((n) => n.name),
    outputs: signatureNames(signature?.outputs) ?? leafNodes(nodes),
  };
}

function signatureNames(entries: Record<string, { name?: string }> | undefined): string[] | undefined {
  if (!entries || Object.keys(entries).length === 0) return undefined;
  return Object.entries(entries).map(([key, v]) => stripDefaultPort(v.name ?? key));
}

/** "node:0" and "node" are the same tensor; keep the short form so names match the graph's inputs. */
export function stripDefaultPort(tensor: string): string {
  return tensor.endsWith(':0') ? tensor.slice(0, -2) : tensor;
}

function leafNodes(nodes: readonly TfNode[]): string[] {
  const consumed = new Set(nodes.flatMap((n) => n.inputs.map((i) => i.split(':')[0]!)));
  return nodes.filter((n) => n.op !== 'Const' && n.op !== 'Placeholder' && !consumed.has(n.name)).map((n) => n.name);
}
