import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Builds small TFJS graph models on disk, to check ops the shipped models do not use. */
export interface SyntheticConst {
  name: string;
  shape: number[];
  values: number[];
  dtype?: 'float32' | 'int32';
}

export interface SyntheticNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

export const s = (text: string) => ({ s: Buffer.from(text).toString('base64') });
export const i = (value: number) => ({ i: String(value) });
export const ints = (values: number[]) => ({ list: { i: values.map(String) } });
export const strs = (values: string[]) => ({ list: { s: values.map((v) => Buffer.from(v).toString('base64')) } });
export const b = (value: boolean) => ({ b: value });
export const f = (value: number) => ({ f: value });
export const FLOAT = { type: 'DT_FLOAT' };
export const INT32 = { type: 'DT_INT32' };

export function placeholder(name: string, shape: number[]): SyntheticNode {
  return { name, op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: { dim: shape.map((d) => ({ size: String(d) })) } } } };
}

const created: string[] = [];

/** Removes every folder writeSyntheticModel made in this test file. */
export async function removeSyntheticModels(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Writes model.json + weights.bin into a new temp folder and returns the model.json path. */
export async function writeSyntheticModel(
  name: string,
  nodes: SyntheticNode[],
  consts: SyntheticConst[],
  outputs: string[],
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'facetag-synthetic-'));
  created.push(dir);
  const chunks: Buffer[] = [];
  for (const c of consts) {
    const buf = Buffer.alloc(4 * c.values.length);
    c.values.forEach((v, k) => (c.dtype === 'int32' ? buf.writeInt32LE(v, 4 * k) : buf.writeFloatLE(v, 4 * k)));
    chunks.push(buf);
  }
  const constNodes: SyntheticNode[] = consts.map((c) => ({ name: c.name, op: 'Const', attr: { dtype: c.dtype === 'int32' ? INT32 : FLOAT, value: { tensor: {} } } }));
  const json = {
    format: 'graph-model',
    generatedBy: 'test',
    convertedBy: 'test',
    modelTopology: { node: [...constNodes, ...nodes], versions: { producer: 1 } },
    signature: { outputs: Object.fromEntries(outputs.map((o) => [o, { name: o }])) },
    weightsManifest: [{ paths: ['weights.bin'], weights: consts.map((c) => ({ name: c.name, shape: c.shape, dtype: c.dtype ?? 'float32' })) }],
  };
  await writeFile(join(dir, 'weights.bin'), Buffer.concat(chunks));
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(json));
  return path;
}

/** Deterministic pseudo-random values in [-1, 1). */
export function pseudoRandom(count: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}
