import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Catalog, StoredFace } from '../catalog/catalog.js';
import { boxCentre } from '../domain/geometry.js';
import { dot } from '../domain/vector.js';
import { parsePairs } from './labelled-folders.js';
import {
  bcubedScores, bestThreshold, crossValidatedAccuracy, pairwiseScores, singletonMerges,
  type LabelledItem, type PrecisionRecall, type VerificationPair,
} from './metrics.js';

/** Which detected face stands for a labelled photo (datasets/README.md: nearest the centre for LFW crops, else the largest). */
export type FacePick = 'centre' | 'largest';

export interface EvaluationReport {
  images: number;
  identities: number;
  detected: number;
  detectionRate: number;
  pairwise: PrecisionRecall;
  bcubed: PrecisionRecall;
  singletons: { singletons: number; merged: number; rate: number };
  people: number;
  verification: null | {
    pairs: number;
    pairsWithoutFace: number;
    bestThreshold: number;
    bestAccuracy: number;
    tenFoldAccuracy: number;
    tenFoldStd: number;
    /** Number of folds, and the threshold each fold was scored with (chosen on the others). */
    folds: number;
    foldThresholds: number[];
  };
}

export interface EvaluationOptions {
  pick: FacePick;
  pairsFile?: string;
  /** The folder the pairs file's paths are relative to; by default the pairs file's grandparent (datasets/lfw-meta/..). */
  datasetsDir?: string;
}

/** Where the paths in a pairs file are relative to. */
export function pairsDatasetsDir(options: Pick<EvaluationOptions, 'pairsFile' | 'datasetsDir'>): string {
  if (options.datasetsDir) return options.datasetsDir;
  if (!options.pairsFile) throw new Error('no pairs file');
  return dirname(dirname(options.pairsFile));
}

/** Scores what a library made of labelled photos against their labels. */
export async function evaluateLibrary(
  catalog: Catalog,
  pack: string,
  labels: ReadonlyMap<string, string>,
  options: EvaluationOptions,
): Promise<EvaluationReport> {
  const chosen = await chosenFaces(catalog, pack, [...labels.keys()], options.pick);
  const items: LabelledItem[] = [...labels].map(([path, identity]) => ({ identity, predicted: chosen.get(path)?.personId ?? null }));
  const detected = [...labels.keys()].filter((p) => chosen.has(p)).length;
  const people = new Set(items.map((i) => i.predicted).filter((p): p is string => p !== null)).size;

  let verification: EvaluationReport['verification'] = null;
  if (options.pairsFile) {
    const pairs = parsePairs(await readFile(options.pairsFile, 'utf8'), pairsDatasetsDir(options));
    const pairFaces = await chosenFaces(catalog, pack, pairs.flatMap((p) => [p.pathA, p.pathB]), options.pick);
    const embeddings = await catalog.getFaceEmbeddings([...pairFaces.values()].map((f) => f.id));
    let missing = 0;
    const scored: VerificationPair[] = pairs.map((p) => {
      const a = embeddings.get(pairFaces.get(p.pathA)?.id ?? '');
      const b = embeddings.get(pairFaces.get(p.pathB)?.id ?? '');
      if (!a || !b) missing++;
      // A photo without a face can only be called "different": it counts against same pairs, as it should.
      return { fold: p.fold, same: p.same, similarity: a && b ? dot(a, b) : -2 };
    });
    const best = bestThreshold(scored);
    const folds = crossValidatedAccuracy(scored);
    verification = {
      pairs: scored.length,
      pairsWithoutFace: missing,
      bestThreshold: best.threshold,
      bestAccuracy: best.accuracy,
      tenFoldAccuracy: folds.accuracy,
      tenFoldStd: folds.std,
      folds: folds.folds.length,
      foldThresholds: folds.folds.map((f) => f.threshold),
    };
  }

  return {
    images: labels.size,
    identities: new Set(labels.values()).size,
    detected,
    detectionRate: labels.size === 0 ? 0 : detected / labels.size,
    pairwise: pairwiseScores(items),
    bcubed: bcubedScores(items),
    singletons: singletonMerges(items),
    people,
    verification,
  };
}

/** The person of the face standing for each photo path (null: not assigned; photos without a face are absent). */
export async function predictedPeople(catalog: Catalog, pack: string, paths: readonly string[], pick: FacePick): Promise<Map<string, string | null>> {
  const chosen = await chosenFaces(catalog, pack, paths, pick);
  return new Map([...chosen].map(([path, face]) => [path, face.personId]));
}

/** The face standing for each photo path (photos without a face are absent). Exported for bench/embedder-ensemble.ts. */
export async function chosenFaces(catalog: Catalog, pack: string, paths: readonly string[], pick: FacePick): Promise<Map<string, StoredFace>> {
  const facesByPhoto = new Map<string, StoredFace[]>();
  for (const face of await catalog.listFaces({ pack })) {
    const list = facesByPhoto.get(face.photoSha256) ?? [];
    list.push(face);
    facesByPhoto.set(face.photoSha256, list);
  }
  const chosen = new Map<string, StoredFace>();
  for (const path of new Set(paths)) {
    const file = await catalog.getFile(path);
    const faces = file ? facesByPhoto.get(file.sha256) : undefined;
    if (!file || !faces || faces.length === 0) continue;
    const photo = await catalog.getPhoto(file.sha256);
    if (!photo) continue;
    const [cx, cy] = [photo.width / 2, photo.height / 2];
    const score = (f: StoredFace): number => {
      if (pick === 'largest') return f.box.w * f.box.h;
      const [fx, fy] = boxCentre(f.box);
      return -Math.hypot(fx - cx, fy - cy);
    };
    chosen.set(path, faces.reduce((best, f) => (score(f) > score(best) ? f : best)));
  }
  return chosen;
}
