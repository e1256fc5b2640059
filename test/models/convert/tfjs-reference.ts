import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';

/**
 * TFJS as the reference the converted models are checked against. 'wasm' is fast enough for tests;
 * 'cpu' (pure JS) is the slow, exact fallback. tfjs-node cannot be installed offline.
 */
export type ReferenceBackend = 'wasm' | 'cpu';

let ready: Promise<void> | undefined;

export function useTfjsBackend(backend: ReferenceBackend): Promise<void> {
  ready ??= (async () => {
    if (backend === 'wasm') {
      const wasmEntry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
      // The .wasm files live next to the package's dist entry; Node reads them from disk, no fetch involved.
      setWasmPaths(`${join(dirname(wasmEntry), '..', 'dist')}/`);
    }
    await tf.setBackend(backend);
    await tf.ready();
  })();
  return ready;
}

/** Loads model.json and its weights from disk ourselves: the converter's file:// loader needs fetch. */
export async function loadTfjsGraphModel(modelJsonPath: string): Promise<GraphModel> {
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8'));
  const groups = json.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const bins: Buffer[] = [];
  for (const group of groups) for (const p of group.paths) bins.push(await readFile(join(dirname(modelJsonPath), p)));
  const all = Buffer.concat(bins);
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: groups.flatMap((g) => g.weights),
      weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature ?? json.userDefinedMetadata?.signature,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}

/** Runs the model on one NHWC float input and returns the named outputs as flat arrays. */
export async function runTfjs(model: GraphModel, input: Float32Array, shape: number[], outputs: readonly string[]): Promise<Map<string, Float32Array>> {
  const x = tf.tensor(input, shape, 'float32');
  // These graphs have no control flow, so the synchronous executor applies (executeAsync only warns about it).
  const result = model.execute(x, [...outputs]) as tf.Tensor | tf.Tensor[];
  const list = Array.isArray(result) ? result : [result];
  const out = new Map<string, Float32Array>();
  for (let i = 0; i < outputs.length; i++) out.set(outputs[i]!, (await list[i]!.data()) as Float32Array);
  tf.dispose([x, ...list]);
  return out;
}

export { tf };
