import { workerData } from 'node:worker_threads';
import type { AnalyseOutcome, AnalyseTask } from '../job-runner.js';
import { classifyUnreadable, ImageRejectedError } from '../../inference/image-problem.js';
import { analyserFromSetup } from '../../pipeline/analyser-from-setup.js';
import { analyseFile } from '../../pipeline/analyse-file.js';
import { analysePhoto, detectPhoto, type Analyser } from '../../pipeline/analyse-photo.js';
import { decodePhoto, UnreadablePhotoError } from '../../pipeline/decode.js';
import type { InferenceOutcome, InferenceTaskInput, InferenceTasks } from './inference-tasks.js';
import type { PoolSetup } from './thread-pool-runner.js';

const setup = workerData as PoolSetup;

// Loaded once per worker thread; every task (scan or inference) reuses the same model sessions.
let analyser: Promise<Analyser> | undefined;
function loadedAnalyser(): Promise<Analyser> {
  analyser ??= analyserFromSetup(setup);
  return analyser;
}
/** An upload to an inference route: damaged image data is refused (see DecodeSettings.refuseDamaged). */
async function uploadAnalyser(): Promise<Analyser> {
  const found = await loadedAnalyser();
  return { ...found, decode: { ...found.decode, refuseDamaged: true } };
}
// A long-lived pool (the server's) loads models as its threads start, so the first request does not wait for them.
// A failure is kept in the promise and reported by the first task; it must not crash the thread at start.
if (setup.warmUp) loadedAnalyser().catch(() => {});

/** Scans: one photo file (or its bytes) checked against its hash, analysed with crops. */
export default async function analyse(task: AnalyseTask): Promise<AnalyseOutcome> {
  return analyseFile(task, await loadedAnalyser());
}

/** Decode and detect: boxes, landmarks and quality, no embedding and no crops. */
export async function detect({ bytes }: InferenceTaskInput): Promise<InferenceOutcome<InferenceTasks['detect']>> {
  const found = await uploadAnalyser();
  return asOutcome(async () => {
    const { meta, faces, timings } = await detectPhoto(bytes, found);
    return { meta: { width: meta.width, height: meta.height, format: meta.format }, faces, timings: { decode: timings.decode, detect: timings.detect, embed: 0 } };
  });
}

/** Detect and embed, without the scan's hash check and crops. */
export async function analyseBytes({ bytes }: InferenceTaskInput): Promise<InferenceOutcome<InferenceTasks['analyseBytes']>> {
  const found = await uploadAnalyser();
  return asOutcome(async () => {
    const { meta, faces, timings } = await analysePhoto(bytes, { ...found, makeCrops: false });
    return { meta: { width: meta.width, height: meta.height, format: meta.format }, faces, timings };
  });
}

/** Embeds a face the caller already aligned: exactly the recogniser's input size, nothing else. */
export async function embedAligned({ bytes }: InferenceTaskInput): Promise<InferenceOutcome<InferenceTasks['embedAligned']>> {
  const { embedder, decode } = await uploadAnalyser();
  const size = embedder.crop.size;
  return asOutcome(async () => {
    let t = performance.now();
    const decoded = await decodePhoto(bytes, { ...decode, analysisSize: size });
    const decodeMs = performance.now() - t;
    const { width, height } = decoded.meta;
    if (width !== size || height !== size) {
      const reason = `an aligned face must be ${size}x${size} pixels (the input of pack ${setup.pack}), this image is ${width}x${height}`;
      throw new ImageRejectedError({ kind: 'wrong-size', reason });
    }
    t = performance.now();
    const [embedding] = await embedder.embed([decoded.image]);
    return { embedding: embedding!, timings: { decode: decodeMs, embed: performance.now() - t } };
  });
}

async function asOutcome<T>(work: () => Promise<T>): Promise<InferenceOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof UnreadablePhotoError) return { ok: false, problem: { kind: classifyUnreadable(err.message), reason: err.message } };
    if (err instanceof ImageRejectedError) return { ok: false, problem: err.problem };
    throw err;
  }
}
