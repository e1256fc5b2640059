import * as ort from 'onnxruntime-node';

/** How inference runs; one value for every model, from the configuration. */
export interface InferenceOptions {
  /** onnxruntime execution providers in order of preference, e.g. ['cuda', 'cpu'] or ['coreml', 'cpu']. */
  executionProviders: string[];
  /** Threads inside one model run. With a pool of workers each worker keeps this at 1 so cores are not oversubscribed. */
  intraOpThreads: number;
}

export const DEFAULT_INFERENCE: InferenceOptions = { executionProviders: ['cpu'], intraOpThreads: 1 };

export async function openOnnxSession(modelPath: string | Uint8Array, options: InferenceOptions): Promise<ort.InferenceSession> {
  try {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: options.executionProviders,
      intraOpNumThreads: options.intraOpThreads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    };
    return typeof modelPath === 'string'
      ? await ort.InferenceSession.create(modelPath, sessionOptions)
      : await ort.InferenceSession.create(modelPath, sessionOptions);
  } catch (err) {
    const name = typeof modelPath === 'string' ? modelPath : 'in-memory model';
    throw new Error(`cannot load model ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export { ort };
