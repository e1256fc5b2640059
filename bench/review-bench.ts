/**
 * How many answers a user needs to get a library's faces correctly named, with the review queue and without it.
 *
 *   npm run bench:review -- [--sets small/deepface,lfw:B,glint-celebs] [--cache DIR]
 *
 * Each set is scanned with the default pack (once; kept in --cache, default $TMPDIR/facetag-review-bench). Then, on a
 * copy each:
 * - one by one: name each cluster (one answer; a second cluster of someone already named is a merge, one answer),
 *   then fix each wrong face (one answer), best gain first;
 * - with the review queue: name the clusters the same way (in the catalog), then answer the queue's questions
 *   truthfully from labels.csv (the identity of each photo's main face: the largest face, or on lfw/ the one nearest
 *   the centre), then fix what is still wrong by hand.
 * The one-by-one count assumes the user finds every wrong face for free; the queue finds them.
 * Prints the answers each way needs to reach 80, 90 and 95 % of the labelled faces correctly named.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLibrary, type FacetagLibrary } from '../src/api/facetag-library.js';
import { chosenFaces, type FacePick } from '../src/eval/evaluate-library.js';
import { correctlyNamed, nameClusters } from './review/name-clusters.js';
import { answersFor, namingCost, namingCurve, type LabelledFace } from './review/naming-simulation.js';
import { reviewTruthfully } from './review/truthful-reviewer.js';

const REPO = resolve(import.meta.dirname, '..', '..');
const DATASETS = resolve(REPO, '..', 'shared', 'datasets');
const MODELS = resolve(REPO, '..', 'shared', 'models');
const SHARES = [0.8, 0.9, 0.95];

interface BenchSet {
  name: string;
  /** Folders to scan, relative to the datasets folder; the labels are those of the photos below them. */
  folders: string[];
  pick: FacePick;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** `--sets a,b`: dataset folders (the largest face stands for a photo), or lfw:X for the LFW people whose folder
 * starts with X plus the LFW singletons starting with X as distractors (the face nearest the centre). */
function sets(): BenchSet[] {
  return (option('--sets') ?? 'small/deepface').split(',').map((spec): BenchSet => {
    if (!spec.startsWith('lfw:')) return { name: spec.replaceAll('/', '-'), folders: [spec], pick: 'largest' };
    const letters = spec.slice(4);
    const under = (dir: string) => readdirSync(join(DATASETS, dir)).filter((d) => d.startsWith(letters)).map((d) => `${dir}/${d}`);
    return { name: `lfw-${letters}`, folders: [...under('lfw'), ...under('lfw-singletons')], pick: 'centre' };
  });
}

/** A library of the set scanned with the default pack, made once and reused. */
function scanned(set: BenchSet, cache: string): string {
  const library = join(cache, set.name);
  if (existsSync(join(library, '.complete'))) return library;
  rmSync(library, { recursive: true, force: true });
  mkdirSync(library, { recursive: true });
  const scan = spawnSync(process.execPath, [join(REPO, 'bin', 'facetag.js'), 'scan', ...set.folders.map((f) => join(DATASETS, f))], {
    env: { ...process.env, FACETAG_LIBRARY: library, FACETAG_MODELS_PATH: MODELS },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (scan.status !== 0) throw new Error(`scanning ${set.name} failed (exit ${scan.status})`);
  writeFileSync(join(library, '.complete'), '');
  return library;
}

function labelsOf(set: BenchSet): Map<string, string> {
  const labels = new Map<string, string>();
  for (const line of readFileSync(join(DATASETS, 'labels.csv'), 'utf8').split('\n').slice(1)) {
    const [path, , identity] = line.split(',');
    if (path && identity && set.folders.some((f) => path.startsWith(`${f}/`))) labels.set(join(DATASETS, path), identity);
  }
  return labels;
}

async function withCopy<T>(library: string, work: (lib: FacetagLibrary) => Promise<T>): Promise<T> {
  const copy = `${library}-work`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(library, copy, { recursive: true, filter: (src) => !src.endsWith('.complete') });
  const lib = await openLibrary({ library: copy, env: { ...process.env, FACETAG_MODELS_PATH: MODELS } });
  try {
    return await work(lib);
  } finally {
    await lib.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The labelled main faces with their people now, and the identity of each of those faces by face id. */
async function labelledFaces(lib: FacetagLibrary, labels: ReadonlyMap<string, string>, pick: FacePick): Promise<LabelledFace[]> {
  const chosen = await chosenFaces(lib.backends.catalog, await lib.pack(), [...labels.keys()], pick);
  const people = new Map((await lib.backends.catalog.listFaces()).map((f) => [f.id, f.personId]));
  return [...chosen].map(([path, face]) => ({ faceId: face.id, identity: labels.get(path)!, personId: people.get(face.id) ?? null }));
}

async function measure(set: BenchSet, cache: string) {
  const library = scanned(set, cache);
  const labels = labelsOf(set);
  const initial = await withCopy(library, (lib) => labelledFaces(lib, labels, set.pick));
  const withReview = await withCopy(library, async (lib) => {
    const identities = new Map(initial.map((f) => [f.faceId, f.identity]));
    const { catalog } = lib.backends;
    const start = (await lib.reviewNext(1)).progress;
    const curve = [0, ...(await nameClusters(catalog, identities))];
    const named = curve.length - 1;
    const run = await reviewTruthfully(lib, identities, 10 * initial.length, async () => {
      curve.push(await correctlyNamed(catalog, identities));
    });
    // Whatever is still wrong is fixed by hand, one answer per face.
    for (let correct = curve.at(-1)!; correct < initial.length; ) curve.push(++correct);
    return { run, start, curve, named, after: await labelledFaces(lib, labels, set.pick) };
  });
  return { labelled: labels.size, initial, ...withReview };
}

async function main(): Promise<void> {
  const cache = option('--cache') ?? join(tmpdir(), 'facetag-review-bench');
  mkdirSync(cache, { recursive: true });
  for (const set of sets()) {
    const { labelled, initial, run, start, curve, named } = await measure(set, cache);
    const plain = namingCurve(initial);
    const cost = namingCost(initial);
    const total = initial.length;
    console.log(`\n${set.name}: ${labelled} labelled photos, ${total} with a face found (the shares below are of these)`);
    console.log(`  clustering: ${cost.clusters} clusters to name, ${cost.wrong} faces wrong or in no cluster`);
    console.log(`  queue after the scan: ${start.remaining} questions, ${start.facesSettled}/${start.facesTotal} faces settled, questionsFor90 ${start.questionsFor90}`);
    console.log(`  with the queue: ${named} namings, then ${run.answers} review answers (${run.yes} yes, ${run.no} no, ${run.skipped} skipped ` +
      `as unlabelled; ${run.merges} merges), then ${curve.length - 1 - named - run.answers} faces fixed by hand`);
    console.log('  named right | one by one | names + review queue');
    for (const share of SHARES) {
      console.log(`  ${String(share * 100).padStart(6)} %   | ${String(answersFor(plain, total, share) ?? 'never').padStart(10)} | ${answersFor(curve, total, share) ?? 'never'}`);
    }
    console.log(`  all named right: one by one ${plain.length - 1}, names + review queue ${curve.length - 1}`);
  }
}

await main();
