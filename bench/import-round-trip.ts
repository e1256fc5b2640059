/**
 * Issue 13's round trip, measured: what a user who has named everyone gets back after `facetag export --format xmp`
 * and `facetag import` into a fresh library of the same photos.
 *
 *   npm run bench:import -- ../shared/datasets/small/deepface ../shared/datasets/lfw:ABC [--json FILE] [--keep] [--pack-b PACK]
 *
 * Each argument is a folder-per-person data set (DIR:LETTERS takes only the people whose folder starts with one of
 * LETTERS). Its photos are copied to a temp folder (other files left out) and scanned into library A with the default
 * pack; every person of A is named with the majority label (folder) of its faces, only the biggest person of a label
 * when several share one; A's XMP sidecars are exported beside the copies; the copies are scanned into a fresh
 * library B and imported there. Printed: import's counts, the share of A's named faces with the same name on the
 * same face in B (same photo, box IoU >= 0.5), each step's time, and peak RSS (each facetag command's, and this
 * process's, which names and compares through the library API). `--pack-b` scans B with another pack (as a library
 * that was scanned with other models, or another program's regions, would be): other boxes, other people.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { openLibrary, type FacetagLibrary } from '../src/api/facetag-library.js';
import { IMAGE_EXTENSIONS } from '../src/pipeline/discover.js';
import { compareNames, nameByMajorityLabel, namedFaces, type LabelNaming, type NameAgreement } from './import/label-names.js';
import { importSummary, timedFacetag, type ImportSummary } from './import/timed-cli.js';

const MODELS = process.env.FACETAG_MODELS_PATH ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'models');

interface Step {
  step: string;
  seconds: number;
  peakRssMb: number;
}

interface SetResult {
  set: string;
  /** The pack B was scanned with, when not the default. */
  packB: string | null;
  photos: number;
  naming: LabelNaming;
  import: ImportSummary;
  names: NameAgreement;
  steps: Step[];
}

const isPhoto = (path: string) => IMAGE_EXTENSIONS.has(extname(path).toLowerCase());

/** The photos of the data set (of the chosen people), copied into `dir`. */
function copyPhotos(spec: string, dir: string): number {
  const [folder, letters] = /^(.*?)(?::([^/:]+))?$/.exec(spec)!.slice(1) as [string, string | undefined];
  for (const person of readdirSync(folder, { withFileTypes: true })) {
    if (!person.isDirectory() || (letters !== undefined && ![...letters].some((l) => person.name.startsWith(l)))) continue;
    cpSync(join(folder, person.name), join(dir, person.name), { recursive: true, filter: (src) => statSync(src).isDirectory() || isPhoto(src) });
  }
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(isPhoto).length;
}

async function withLibrary<T>(library: string, work: (lib: FacetagLibrary) => Promise<T>): Promise<T> {
  const lib = await openLibrary({ library, env: { ...process.env, FACETAG_MODELS_PATH: MODELS } });
  try {
    return await work(lib);
  } finally {
    await lib.close();
  }
}

/** Times an in-process step; its peak RSS is this process's so far. */
async function inProcess<T>(steps: Step[], step: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  steps.push({ step, seconds: (performance.now() - start) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 });
  return result;
}

async function roundTrip(spec: string, keep: boolean, packB: string | null): Promise<SetResult> {
  // The libraries live beside the photos' folder, not in it, where a scan would find their face crops.
  const work = mkdtempSync(join(tmpdir(), 'facetag-import-bench-'));
  const [dir, libA, libB] = ['photos', 'library-a', 'library-b'].map((d) => join(work, d)) as [string, string, string];
  const photos = copyPhotos(spec, dir);
  const steps: Step[] = [];
  const facetag = (step: string, library: string, args: string[]) => {
    console.error(`${spec}: ${step} (facetag ${args.join(' ')})`);
    const pack = library === libB && packB !== null ? { FACETAG_PACK: packB } : {};
    const run = timedFacetag(args, { ...process.env, FACETAG_LIBRARY: library, FACETAG_MODELS_PATH: MODELS, ...pack });
    steps.push({ step, seconds: run.seconds, peakRssMb: run.peakRssMb });
    return run.stdout;
  };
  try {
    facetag('scan A', libA, ['scan', dir]);
    const naming = await inProcess(steps, 'name A (API)', () => withLibrary(libA, nameByMajorityLabel));
    facetag('export xmp', libA, ['export', '--format', 'xmp']);
    facetag('scan B', libB, ['scan', dir]);
    const imported = facetag('import B', libB, ['import', dir]);
    // What import could not do, for a look at why (names given are listed on stdout too, one line each).
    for (const line of imported.split('\n').filter((l) => /^(conflict|no face|photo only):/.test(l))) console.error(`  ${line}`);
    const summary = importSummary(imported);
    const names = await inProcess(steps, 'compare (API)', async () => {
      const [a, b] = [await withLibrary(libA, namedFaces), await withLibrary(libB, namedFaces)];
      return compareNames(a, b);
    });
    return { set: spec, packB, photos, naming, import: summary, names, steps };
  } finally {
    if (keep) console.error(`${spec}: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function print(r: SetResult): void {
  const i = r.import;
  const pct = (n: number, of: number) => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)} %`);
  const n = r.naming;
  console.log(`\n${r.set}${r.packB === null ? '' : ` (B scanned with ${r.packB})`}: ${r.photos} photos; A: ${n.faces} faces, ${n.facesInPeople} of them in ${n.people} people: ${n.named} named by label, ` +
    `${n.secondOfLabel} left unnamed (a bigger person has their label)`);
  console.log(`  import into B: ${i.read} named regions read (${i.unnamed} without a name), ${i.matched} matched, ${i.unmatched} unmatched, ${i.conflicts} conflicts, ${i.created} people created, ` +
    `${i.named} people named, ${i.facesNamed} faces named`);
  console.log(`  same name on the same face: ${r.names.same} of A's ${r.names.named} named faces (${pct(r.names.same, r.names.named)}); ` +
    `${r.names.otherName} faces of B named otherwise than in A, ${r.names.namedInBOnly} named in B only`);
  console.log(`  ${'step'.padEnd(14)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)}`);
  for (const s of r.steps) console.log(`  ${s.step.padEnd(14)} ${`${s.seconds.toFixed(1)} s`.padStart(9)} ${`${s.peakRssMb.toFixed(0)} MB`.padStart(10)}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const json = jsonAt < 0 ? undefined : args.splice(jsonAt, 2)[1];
  const packAt = args.indexOf('--pack-b');
  const packB = packAt < 0 ? null : args.splice(packAt, 2)[1] ?? null;
  const keep = args.includes('--keep');
  const sets = args.filter((a) => a !== '--keep');
  if (sets.length === 0) throw new Error('usage: import-round-trip DATASET[:LETTERS]... [--json FILE] [--keep] [--pack-b PACK]');
  const results: SetResult[] = [];
  for (const spec of sets) {
    const result = await roundTrip(spec, keep, packB);
    print(result);
    results.push(result);
    if (json !== undefined) writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  }
}

await main();
