import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CONVERTER_VERSION, convertTfjsGraph } from './tfjs-graph-to-onnx.js';

export type ModelConverter = (modelJsonPath: string) => Promise<Uint8Array>;

/** An ONNX model derived from files shipped in an npm package. */
export interface DerivedModel {
  /** Start of the cache file name, e.g. 'blazeface-back'. */
  name: string;
  /** Every file the model is made from; their contents, in this order, key the cache. */
  sources: string[];
  /** Version of the code that builds it: bump when its output changes. */
  builderVersion: string;
  build(): Promise<Uint8Array>;
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Path of the ONNX conversion of a TFJS graph model, converting it on first use.
 * The file name carries the sha256 of model.json and its weight files plus the converter version, so a
 * changed package or a fixed converter never serves a stale model.
 */
export async function convertedModelPath(modelJsonPath: string, cacheDir: string, convert: ModelConverter = convertTfjsGraph): Promise<string> {
  const manifest = (JSON.parse(await readFile(modelJsonPath, 'utf8')) as { weightsManifest?: { paths: string[] }[] }).weightsManifest ?? [];
  return cachedModelPath(
    {
      name: basename(modelJsonPath).replace(/\.json$/, ''),
      sources: [modelJsonPath, ...manifest.flatMap((g) => g.paths.map((p) => join(dirname(modelJsonPath), p)))],
      builderVersion: `c${CONVERTER_VERSION}`,
      build: () => convert(modelJsonPath),
    },
    cacheDir,
  );
}

/**
 * Path of a derived model in `cacheDir`, built on first use. Written to a temp file and renamed, so a
 * crash or a concurrent process can never leave a half-written model under the final name; concurrent
 * first uses in one process build once.
 */
export async function cachedModelPath(model: DerivedModel, cacheDir: string): Promise<string> {
  const digest = await sourceDigest(model.sources);
  const target = join(cacheDir, `${model.name}-${digest.slice(0, 16)}-${model.builderVersion}.onnx`);
  const pending = inFlight.get(target);
  if (pending) return pending;
  const job = ensureBuilt(model, target).finally(() => inFlight.delete(target));
  inFlight.set(target, job);
  return job;
}

async function sourceDigest(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const p of paths) hash.update(await readFile(p));
  return hash.digest('hex');
}

async function ensureBuilt(model: DerivedModel, target: string): Promise<string> {
  if (await exists(target)) return target;
  const bytes = await model.build();
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw new Error(`cannot write converted model ${target}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return target;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
