/**
 * Two embedders together (issue 3: "ensembles of two embedders"): LFW pair verification from two analysed
 * libraries of the same photos, each with its own pack, scored exactly as `facetag eval --pairs` does.
 *
 *   npx tsx bench/embedder-ensemble.ts <libA> <libB> [--pairs ../shared/datasets/lfw-meta/pairs-balanced.tsv]
 *     [--pick centre] [--ms-a 23] [--ms-b 9.4] [--json]
 *
 * libA, libB: folders left by `facetag eval ... --keep DIR` (or their catalog.sqlite). Each catalog is copied to a
 * temp folder before it is opened (opening migrates the schema), so the libraries are never written to.
 *
 * Per pair, each photo's face is the one src/eval picks (chosenFaces: nearest the centre), its similarity the dot
 * product of the stored embeddings, and accuracy the LFW 10-fold protocol of src/eval/metrics.ts (each fold scored
 * with the threshold best on the other nine). Variants:
 *   A, B alone                 must reproduce each pack's `facetag eval` line (and manifest calibration);
 *   mean (s - t)               mean of the two similarities, each minus its pack's calibrated threshold (manifest);
 *   concat                     cosine of the concatenated L2-normalised embeddings (algebraically mean(sA, sB));
 *   z-mean                     mean of (s - t) / sd per pack, t and sd from the nine training folds only;
 *   w·(sA-tA) + (1-w)·(sB-tB)  a fixed grid of w, every point reported;
 *   weighted, w on training    w picked per held-out fold by the nine-fold accuracy on its nine training folds.
 * Per-face cost: the recognisers' times per face (defaults: w600k_mbf_int8 23 ms, docs/accuracy.md; PaddleClas
 * MobileFaceNet 9.4 ms, ../shared/models/README.md); an ensemble pays both. Not part of `npm test`.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../src/catalog/catalog.js';
import { openSqliteCatalog } from '../src/catalog/sqlite/open-sqlite-catalog.js';
import { dot } from '../src/domain/vector.js';
import { chosenFaces, pairsDatasetsDir, type FacePick } from '../src/eval/evaluate-library.js';
import { parsePairs, type LabelledPair } from '../src/eval/labelled-folders.js';
import { bestThreshold, crossValidatedAccuracy, type VerificationPair } from '../src/eval/metrics.js';
import { findPack } from '../src/models/pack-registry.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pairs: { type: 'string', default: '../shared/datasets/lfw-meta/pairs-balanced.tsv' },
    pick: { type: 'string', default: 'centre' },
    'ms-a': { type: 'string', default: '23' },
    'ms-b': { type: 'string', default: '9.4' },
    json: { type: 'boolean', default: false },
  },
});
if (positionals.length !== 2) throw new Error('usage: npx tsx bench/embedder-ensemble.ts <libA> <libB> [--pairs FILE]');
if (args.pick !== 'centre' && args.pick !== 'largest') throw new Error('--pick must be centre or largest');
const pick: FacePick = args.pick;

/** One library's embeddings of the faces standing for the pair photos. */
interface Side {
  pack: string;
  threshold: number | null;
  /** Per pair: the two embeddings, or null when a photo has no face. */
  embeddings: ([Float32Array, Float32Array] | null)[];
}

const pairs = parsePairs(await readFile(args.pairs, 'utf8'), pairsDatasetsDir({ pairsFile: args.pairs }));
const scratch = mkdtempSync(join(tmpdir(), 'facetag-ensemble-'));
let sides: [Side, Side];
try {
  sides = [await readSide(positionals[0]!, 'a'), await readSide(positionals[1]!, 'b')];
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const [A, B] = sides;

async function readSide(library: string, name: string): Promise<Side> {
  const source = statSync(library).isDirectory() ? join(library, 'catalog.sqlite') : library;
  const copy = join(scratch, `${name}.sqlite`);
  copyFileSync(source, copy);
  for (const suffix of ['-wal', '-shm']) if (existsSync(source + suffix)) copyFileSync(source + suffix, copy + suffix);
  const catalog: Catalog = await openSqliteCatalog(copy);
  try {
    const packs = [...new Set((await catalog.listFaces()).map((f) => f.pack))];
    if (packs.length !== 1) throw new Error(`${library}: expected faces of one pack, found ${packs.join(', ') || 'none'}`);
    const pack = packs[0]!;
    const faces = await chosenFaces(catalog, pack, pairs.flatMap((p) => [p.pathA, p.pathB]), pick);
    const stored = await catalog.getFaceEmbeddings([...faces.values()].map((f) => f.id));
    const embeddings = pairs.map((p) => {
      const a = stored.get(faces.get(p.pathA)?.id ?? '');
      const b = stored.get(faces.get(p.pathB)?.id ?? '');
      return a && b ? ([a, b] as [Float32Array, Float32Array]) : null;
    });
    return { pack, threshold: findPack(pack).calibration?.verification?.threshold ?? null, embeddings };
  } finally {
    await catalog.close();
  }
}

// A photo without a face can only be called "different" (-2), as src/eval does.
const MISSING = -2;
const simA = A.embeddings.map((e) => (e ? dot(e[0], e[1]) : MISSING));
const simB = B.embeddings.map((e) => (e ? dot(e[0], e[1]) : MISSING));
const missing = pairs.filter((_, i) => !A.embeddings[i] || !B.embeddings[i]).length;
const tA = A.threshold ?? bestThreshold(scored(simA)).threshold;
const tB = B.threshold ?? bestThreshold(scored(simB)).threshold;

const indexOf = new Map(pairs.map((p, i) => [p, i]));

function scored(similarities: readonly number[], subset: readonly LabelledPair[] = pairs): VerificationPair[] {
  return subset.map((p) => ({ fold: p.fold, same: p.same, similarity: similarities[indexOf.get(p)!]! }));
}

function l2(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  return v.map((x) => x / n);
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(l2(a));
  out.set(l2(b), a.length);
  return l2(out);
}

const simConcat = pairs.map((_, i) => {
  const a = A.embeddings[i];
  const b = B.embeddings[i];
  return a && b ? dot(concat(a[0], b[0]), concat(a[1], b[1])) : MISSING;
});

const weighted = (w: number): number[] =>
  pairs.map((_, i) => (simA[i] === MISSING || simB[i] === MISSING ? MISSING : w * (simA[i]! - tA) + (1 - w) * (simB[i]! - tB)));

interface Row {
  variant: string;
  accuracy: number;
  std: number;
  folds: number[];
  note?: string;
}

const foldIds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);

function summary(variant: string, folds: readonly number[], note?: string): Row {
  const accuracy = folds.reduce((s, f) => s + f, 0) / folds.length;
  const std = Math.sqrt(folds.reduce((s, f) => s + (f - accuracy) ** 2, 0) / folds.length);
  return { variant, accuracy, std, folds: [...folds], ...(note ? { note } : {}) };
}

/** The plain protocol on fixed similarities: crossValidatedAccuracy as `facetag eval` calls it. */
function fixed(variant: string, similarities: readonly number[], note?: string): Row {
  const cv = crossValidatedAccuracy(scored(similarities));
  return summary(variant, cv.folds.map((f) => f.accuracy), note);
}

/**
 * Similarities whose parameters are fitted on the training folds: for each held-out fold, `fit` sees only the other
 * folds' pairs and returns every pair's similarity; the held-out fold is then scored by crossValidatedAccuracy
 * (threshold from the other nine folds), so nothing of the held-out fold chooses anything.
 */
function fitted(variant: string, fit: (training: readonly LabelledPair[]) => number[]): Row {
  const folds = foldIds.map((fold) => {
    const similarities = fit(pairs.filter((p) => p.fold !== fold));
    const cv = crossValidatedAccuracy(scored(similarities));
    return cv.folds.find((f) => f.fold === fold)!.accuracy;
  });
  return summary(variant, folds);
}

const rows: Row[] = [];
rows.push(fixed(`A ${A.pack}`, simA));
rows.push(fixed(`B ${B.pack}`, simB));
rows.push(fixed(`mean (s - t), tA ${tA.toFixed(4)} tB ${tB.toFixed(4)}`, weighted(0.5)));
rows.push(fixed('concat of L2-normalised embeddings', simConcat));

// z-mean: per pack (s - t) / sd, t the pack's best threshold and sd its similarities' spread on the training folds.
rows.push(
  fitted('z-mean, t and sd from training folds', (training) => {
    const standardise = (sims: readonly number[]) => {
      const train = scored(sims, training).filter((p) => p.similarity !== MISSING);
      const t = bestThreshold(train).threshold;
      const mean = train.reduce((s, p) => s + p.similarity, 0) / train.length;
      const sd = Math.sqrt(train.reduce((s, p) => s + (p.similarity - mean) ** 2, 0) / train.length);
      return sims.map((s) => (s === MISSING ? MISSING : (s - t) / sd));
    };
    const zA = standardise(simA);
    const zB = standardise(simB);
    return pairs.map((_, i) => (zA[i] === MISSING || zB[i] === MISSING ? MISSING : (zA[i]! + zB[i]!) / 2));
  }),
);

// Weight chosen per held-out fold on the nine training folds: their own nine-fold accuracy (ties: the accuracy at the
// training folds' best threshold, then the w nearest 0.5).
const grid = Array.from({ length: 21 }, (_, i) => i / 20);
const gridSims = new Map(grid.map((w) => [w, weighted(w)]));
const chosenW: number[] = [];
rows.push(
  fitted(
    'weighted, w chosen on training folds',
    (training) => {
      let best = { w: 0.5, cv: -1, at: -1 };
      for (const w of grid) {
        const train = scored(gridSims.get(w)!, training);
        const cv = crossValidatedAccuracy(train).accuracy;
        const at = bestThreshold(train).accuracy;
        const better = cv > best.cv || (cv === best.cv && (at > best.at || (at === best.at && Math.abs(w - 0.5) < Math.abs(best.w - 0.5))));
        if (better) best = { w, cv, at };
      }
      chosenW.push(best.w);
      return gridSims.get(best.w)!;
    },
  ),
);
rows[rows.length - 1]!.note = `w per fold: ${chosenW.join(' ')}`;

const gridRows = grid.filter((_, i) => i % 2 === 0).map((w) => fixed(`w ${w.toFixed(1)}`, gridSims.get(w)!));

const msA = Number(args['ms-a']);
const msB = Number(args['ms-b']);
const base = rows[0]!;
const bestSingle = rows[0]!.accuracy >= rows[1]!.accuracy ? rows[0]! : rows[1]!;

if (args.json) {
  console.log(JSON.stringify({ pairs: pairs.length, missing, packs: [A.pack, B.pack], thresholds: [tA, tB], rows, grid: gridRows, msPerFace: { a: msA, b: msB } }, null, 2));
} else {
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const line = (r: Row, ms: number) => {
    const wins = r.folds.filter((f, i) => f > base.folds[i]!).length;
    const losses = r.folds.filter((f, i) => f < base.folds[i]!).length;
    const delta = r.accuracy - bestSingle.accuracy;
    return `| ${r.variant} | ${pct(r.accuracy)} ± ${(100 * r.std).toFixed(2)} | ${delta >= 0 ? '+' : ''}${(100 * delta).toFixed(2)} | ${wins}/${losses} | ${ms.toFixed(1)} ms |${r.note ? ` ${r.note}` : ''}`;
  };
  console.log(`${pairs.length} pairs (${missing} without a face in A or B), pick ${pick}; A ${A.pack}, B ${B.pack}`);
  console.log(`Δ: against the best single (${bestSingle.variant}); folds better/worse than A; cost: recogniser time per face\n`);
  console.log('| variant | 10-fold | Δ best single (points) | folds vs A | per face |');
  console.log('| --- | --- | --- | --- | --- |');
  rows.forEach((r, i) => console.log(line(r, i === 0 ? msA : i === 1 ? msB : msA + msB)));
  console.log('\nfixed grid, w·(sA - tA) + (1 - w)·(sB - tB) (w 1 = A alone, 0 = B alone):\n');
  console.log('| variant | 10-fold | Δ best single (points) | folds vs A | per face |');
  console.log('| --- | --- | --- | --- | --- |');
  gridRows.forEach((r, i) => console.log(line(r, i === 0 ? msB : i === gridRows.length - 1 ? msA : msA + msB)));
  console.log(`\nper-fold accuracy (%):`);
  for (const r of [...rows, ...gridRows]) console.log(`  ${r.variant.padEnd(44)} ${r.folds.map((f) => (100 * f).toFixed(2).padStart(6)).join(' ')}`);
}
