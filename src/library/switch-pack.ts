import { faceIdOfCropKey, packOfFaceId } from '../catalog/catalog.js';
import type { Config } from '../config/config.js';
import { clusterLibrary } from '../clustering/cluster-library.js';
import { thresholdsForPack } from '../clustering/pack-thresholds.js';
import type { ObjectStore } from '../objects/object-store.js';
import { findPack } from '../models/pack-registry.js';
import type { ScanProgress } from '../pipeline/scan.js';
import { carryDecisions, type CarryOutcome } from './carry-decisions.js';
import { neighbourSourceFor } from './neighbour-source.js';
import { currentPack, setPack, type Library } from './open-library.js';
import { forgetPlan, makePlan, readPlan, savePlan } from './pack-switch-plan.js';
import { scanLibrary } from './scan-library.js';

export interface PackSwitchOptions {
  onProgress?: (progress: ScanProgress) => void;
  onError?: (path: string, reason: string) => void;
  signal?: AbortSignal;
}

export type PackSwitchOutcome =
  | { kind: 'nothing-to-do'; pack: string }
  | { kind: 'unfinished'; pack: string; analysed: number; failed: number; interrupted: boolean; leftPhotos: number }
  | { kind: 'switched'; pack: string; from: string[]; analysed: number; carry: CarryOutcome; cropsRemoved: number; elapsedMs: number };

/**
 * Moves a library to another pack, keeping what the user decided:
 *  1. the decisions on faces of other packs are saved in the catalog (pack-switch-plan.ts), once;
 *  2. every stored photo is scanned again with the new pack, through the ordinary scan (progress, threads, errors),
 *     which stores each photo's new faces as it goes: a killed run resumes where it was, as isPhotoScanned(sha, new
 *     pack) skips finished photos;
 *  3. only when no photo is left on an old pack are the decisions carried by box, old crops removed, the other faces
 *     clustered and the library's pack setting switched. Until then the library keeps its old pack setting, so
 *     nothing compares embeddings of two packs; running `models use` again finishes the switch.
 */
export async function switchPack(library: Library, config: Config, to: string, options: PackSwitchOptions = {}): Promise<PackSwitchOutcome> {
  const started = performance.now();
  const { catalog } = library;
  findPack(to);
  let plan = await readPlan(catalog);
  if (plan && plan.to !== to) throw new Error(`a switch to pack ${plan.to} is unfinished; run facetag models use ${plan.to} first`);
  const left = (await catalog.listPhotos()).filter((p) => p.pack !== to);
  if (!plan && left.length === 0) {
    if ((await currentPack(library)) !== to) await setPack(library, to);
    return { kind: 'nothing-to-do', pack: to };
  }
  // A bucket is scanned as one s3:// location, which could bring in objects the library never held: not done yet.
  if (left.some((p) => p.path.startsWith('s3://'))) throw new Error('switching the pack of a library with s3:// photos is not supported yet');
  if (!plan) {
    plan = await makePlan(catalog, to);
    await savePlan(catalog, plan);
  }

  let analysed = 0;
  if (left.length > 0) {
    const roots = [...new Set(left.map((p) => p.path))].sort();
    const scan = await scanLibrary(library, config, to, { roots, prune: false, cluster: false, ...options });
    analysed = scan.analysed;
    const still = (await catalog.listPhotos()).filter((p) => p.pack !== to).length;
    if (scan.interrupted || still > 0) return { kind: 'unfinished', pack: to, analysed, failed: scan.failed, interrupted: scan.interrupted, leftPhotos: still };
  }

  const carry = await carryDecisions(catalog, plan);
  const cropsRemoved = await removeCropsOfOtherPacks(library.objects, to);
  const neighbours = await neighbourSourceFor(library);
  await clusterLibrary(catalog, to, thresholdsForPack(findPack(to)), { mode: 'incremental', neighbours });
  await setPack(library, to);
  // Last: while the plan is there, running the switch again carries again (idempotent) instead of losing decisions.
  await forgetPlan(catalog);
  return { kind: 'switched', pack: to, from: plan.from, analysed, carry, cropsRemoved, elapsedMs: performance.now() - started };
}

/** A crop is keyed by its face's id, which names the pack: those of any other pack belong to faces that are gone. */
async function removeCropsOfOtherPacks(objects: ObjectStore, pack: string): Promise<number> {
  const gone: string[] = [];
  for await (const key of objects.list('crops/')) {
    const id = faceIdOfCropKey(key);
    const owner = id === null ? null : packOfFaceId(id);
    if (owner !== null && owner !== pack) gone.push(key);
  }
  for (const key of gone) await objects.delete(key);
  return gone.length;
}
