import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertedModelPath } from '../../../src/models/convert/converted-model-cache.js';
import { CONVERTER_VERSION } from '../../../src/models/convert/tfjs-graph-to-onnx.js';
import { placeholder, removeSyntheticModels, writeSyntheticModel } from './synthetic-graph.js';

async function sourceModel(): Promise<string> {
  return writeSyntheticModel('tiny', [placeholder('x', [1, 2]), { name: 'y', op: 'Relu', input: ['x'] }], [{ name: 'unused', shape: [2], values: [1, 2] }], ['y']);
}

const cacheDirs: string[] = [];

async function newCacheDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'facetag-cache-'));
  cacheDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await removeSyntheticModels();
  await Promise.all(cacheDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function countingConverter() {
  const calls: string[] = [];
  const convert = async (path: string) => {
    calls.push(path);
    return Uint8Array.of(1, 2, 3);
  };
  return { calls, convert };
}

describe('convertedModelPath', () => {
  it('converts once, then serves the cached file', async () => {
    const model = await sourceModel();
    const cacheDir = join(await newCacheDir(), 'nested', 'models');
    const { calls, convert } = countingConverter();
    const first = await convertedModelPath(model, cacheDir, convert);
    const second = await convertedModelPath(model, cacheDir, convert);
    expect(second).toBe(first);
    expect(calls).toHaveLength(1);
    expect(Array.from(await readFile(first))).toEqual([1, 2, 3]);
    expect(first).toMatch(new RegExp(`tiny-[0-9a-f]{16}-c${CONVERTER_VERSION}\\.onnx$`));
  });

  it('leaves no temporary files behind', async () => {
    const cacheDir = await newCacheDir();
    await convertedModelPath(await sourceModel(), cacheDir, countingConverter().convert);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('converts concurrent first uses only once', async () => {
    const model = await sourceModel();
    const cacheDir = await newCacheDir();
    const { calls, convert } = countingConverter();
    const paths = await Promise.all([1, 2, 3].map(() => convertedModelPath(model, cacheDir, convert)));
    expect(new Set(paths).size).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('converts again when the weights change', async () => {
    const model = await sourceModel();
    const cacheDir = await newCacheDir();
    const { calls, convert } = countingConverter();
    const before = await convertedModelPath(model, cacheDir, convert);
    await writeFile(join(model, '..', 'weights.bin'), Buffer.alloc(8, 7));
    const after = await convertedModelPath(model, cacheDir, convert);
    expect(after).not.toBe(before);
    expect(calls).toHaveLength(2);
  });

  it('writes nothing when the conversion fails', async () => {
    const cacheDir = await newCacheDir();
    const failing = async (): Promise<Uint8Array> => {
      throw new Error('tiny: unsupported TF op Foo (node y)');
    };
    await expect(convertedModelPath(await sourceModel(), cacheDir, failing)).rejects.toThrow(/unsupported TF op Foo/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('produces a model onnxruntime loads with the real converter', async () => {
    const cacheDir = await newCacheDir();
    const path = await convertedModelPath(await sourceModel(), cacheDir);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(path);
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(-1, 2), [1, 2]) });
    expect(Array.from(y!.data as Float32Array)).toEqual([0, 2]);
  });
});
