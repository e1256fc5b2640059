/**
 * Re-clusters an analysed library in memory, without scanning again, on a fixed split of its labelled people, and
 * scores the result: how clustering thresholds were tuned for issue 15 (docs/accuracy.md, "One person stays one person").
 *
 *   npx tsx bench/recluster-tune.ts <library> <labelled folders...> [--pick largest|centre] [--split tune|held|all]
 *     [--set key=value ...] [--grid key=v1,v2,...] [--chunks n] [--detail] [--pairs n] [--json]
 *     [--flip-from <flip library> --flip-below q]
 *
 * <library>: a folder left by `facetag eval ... --keep DIR`; its catalog is copied to a temp folder before it is
 * opened, so it is never written to. Only the faces of the photos in the split are clustered (a fresh re-cluster: no
 * former people, no user decisions), with the library pack's thresholds, overridden by --set; --grid runs one line per
 * value (the neighbour lists are computed once).
 *
 * The split, fixed before tuning and never changed (per labelled folder, by its base name):
 *   glint-celebs     people sorted by folder name: the first half (12: Barack_Obama .. Kate_Winslet) tune, the rest held out
 *   lfw              people whose name starts with A-E tune (as the earlier sessions), the rest held out
 *   lfw-singletons   A-D tune, the rest held out
 *   any other folder every person in both
 * --chunks n also replays the split's photos in n interleaved incremental runs and reports agreement with one run.
 * --pairs n prints the n closest pairs of the people one run made (bench/people-pair-stats.ts).
 * --flip-from / --flip-below q: flip test-time augmentation for low-quality faces only. Faces with quality.overall < q
 *   take their embedding from <flip library>, the same photos analysed (`facetag eval --keep`) with a copy of the pack
 *   whose embedder has "flip": true; the rest keep the plain one. Each face is embedded on its own (maxBatch 1), so this
 *   is what a scan that flips only those faces would store, for every q from two analyses.
 * Not part of `npm test`.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog, FaceWithEmbedding } from '../src/catalog/catalog.js';
import { openSqliteCatalog } from '../src/catalog/sqlite/open-sqlite-catalog.js';
import { batchNeighbours } from '../src/clustering/batch-neighbours.js';
import { bruteForceNeighbours } from '../src/clustering/brute-force-neighbours.js';
import { GROUP_NEIGHBOURS } from '../src/clustering/decide-group.js';
import { thresholdsForPack } from '../src/clustering/pack-thresholds.js';
import { planClustering } from '../src/clustering/plan-clustering.js';
import type { ClusteringThresholds } from '../src/clustering/thresholds.js';
import type { ClusterFace, ClusteringPlan } from '../src/clustering/types.js';
import { chosenFaces, type FacePick } from '../src/eval/evaluate-library.js';
import { labelsFromFolders } from '../src/eval/labelled-folders.js';
import { bcubedScores, pairwiseScores, partitionAgreement, singletonMerges } from '../src/eval/metrics.js';
import { findPack } from '../src/models/pack-registry.js';
import { printPeoplePairs } from './people-pair-stats.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pick: { type: 'string', default: 'largest' },
    split: { type: 'string', default: 'tune' },
    set: { type: 'string', multiple: true, default: [] },
    grid: { type: 'string' },
    chunks: { type: 'string' },
    detail: { type: 'boolean', default: false },
    pairs: { type: 'string' },
    json: { type: 'boolean', default: false },
    'flip-from': { type: 'string' },
    'flip-below': { type: 'string' },
  },
});
const [libraryDir, ...folders] = positionals;
if (!libraryDir || folders.length === 0) throw new Error('usage: npx tsx bench/recluster-tune.ts <library> <labelled folders...>');
const pick = args.pick as FacePick;
const split = args.split as 'tune' | 'held' | 'all';

/** The fixed split: whether an identity (`<folder base name>/<person>`) is in the tuning half. */
function inTuningHalf(identity: string, sortedPeopleOfSet: readonly string[]): boolean {
  const [set, person] = identity.split('/') as [string, string];
  const first = person[0]!.toUpperCase();
  if (set === 'glint-celebs') return sortedPeopleOfSet.indexOf(person) < sortedPeopleOfSet.length / 2;
  if (set === 'lfw') return first >= 'A' && first <= 'E';
  if (set === 'lfw-singletons') return first >= 'A' && first <= 'D';
  return true;
}

const scratch = mkdtempSync(join(tmpdir(), 'facetag-tune-'));
copyFileSync(join(libraryDir, 'catalog.sqlite'), join(scratch, 'catalog.sqlite'));
const catalog = await openSqliteCatalog(join(scratch, 'catalog.sqlite'));
try {
  const allLabels = await labelsFromFolders(folders);
  const peopleOfSet = new Map<string, string[]>();
  for (const identity of new Set(allLabels.values())) {
    const [set, person] = identity.split('/') as [string, string];
    peopleOfSet.set(set, [...(peopleOfSet.get(set) ?? []), person]);
  }
  for (const list of peopleOfSet.values()) list.sort();
  const labels = new Map(
    [...allLabels].filter(([, identity]) => {
      if (split === 'all') return true;
      const tune = inTuningHalf(identity, peopleOfSet.get(identity.split('/')[0]!)!);
      return split === 'tune' ? tune : !tune;
    }),
  );

  const pack = (await catalog.listFaces({})).at(0)?.pack;
  if (!pack) throw new Error('the library holds no faces');
  const base = thresholdsForPack(findPack(pack));
  const chosen = await chosenFaces(catalog, pack, [...labels.keys()], pick);
  const photoOfPath = new Map<string, string>();
  for (const path of labels.keys()) {
    const file = await catalog.getFile(path);
    if (file) photoOfPath.set(path, file.sha256);
  }
  const photos = new Set(photoOfPath.values());
  const faces: FaceWithEmbedding[] = (await catalog.listFacesWithEmbeddings(pack)).filter((f) => photos.has(f.photoSha256));
  if (args['flip-from']) await takeFlippedEmbeddings(faces, args['flip-from'], Number(args['flip-below'] ?? 2));
  const embeddings = new Map(faces.map((f) => [f.id, f.embedding]));
  const neighbours = await batchNeighbours(embeddings, embeddings, GROUP_NEIGHBOURS + 1, bruteForceNeighbours(faces.map((f) => ({ id: f.id, embedding: f.embedding }))));
  const clusterFaces: ClusterFace[] = faces.map((f) => ({ id: f.id, photoId: f.photoSha256, quality: f.quality.overall, personId: null, source: null }));
  const qualityOf = new Map(faces.map((f) => [f.id, f.quality]));

  const overrides = Object.fromEntries(args.set.map(parseSetting));
  const configs: Record<string, number | null>[] = [];
  if (args.grid) {
    const [key, values] = args.grid.split('=') as [string, string];
    for (const v of values.split(',')) configs.push({ ...overrides, [key]: parseValue(v) });
  } else configs.push(overrides);

  const paths = [...labels.keys()].sort();
  for (const config of configs) {
    const thresholds = { ...base, ...config } as ClusteringThresholds;
    const t = performance.now();
    const plan = await planClustering({ mode: 'recluster', faces: clusterFaces, people: [], constraints: [], neighbours, thresholds });
    const ms = performance.now() - t;
    const personOf = personOfFace(plan);
    const predicted = new Map(paths.map((p) => [p, personOf.get(chosen.get(p)?.id ?? '') ?? null]));
    const items = paths.map((p) => ({ identity: labels.get(p)!, predicted: predicted.get(p) ?? null }));
    const pw = pairwiseScores(items);
    const bc = bcubedScores(items);
    const single = singletonMerges(items);
    const people = new Set(items.flatMap((i) => (i.predicted === null ? [] : [i.predicted]))).size;
    const leftovers = items.filter((i) => i.predicted === null).length;
    const identities = new Set(items.map((i) => i.identity));
    const multi = [...identities].filter((id) => items.filter((i) => i.identity === id).length > 1).length;
    const line = {
      config,
      photos: paths.length,
      identities: identities.size,
      precision: pw.precision,
      recall: pw.recall,
      f1: pw.f1,
      bcubed: bc.f1,
      singletonsMerged: single.merged,
      singletons: single.singletons,
      people,
      leftovers,
      leftoversPerPerson: leftovers / Math.max(1, multi),
      ms: Math.round(ms),
    };
    if (args.json) console.log(JSON.stringify(line));
    else {
      console.log(
        `${JSON.stringify(config)}  P ${pw.precision.toFixed(4)} R ${pw.recall.toFixed(4)} F1 ${pw.f1.toFixed(4)}  BCubed ${bc.f1.toFixed(4)}  ` +
          `merged ${single.merged}/${single.singletons}  people ${people} for ${multi} (+${identities.size - multi} singles)  leftovers ${leftovers} (${line.leftoversPerPerson.toFixed(2)}/person)  ${line.ms} ms`,
      );
    }
    if (args.detail) printDetail(items, paths, chosen, qualityOf);
    if (args.pairs) printPeoplePairs(peopleOf(plan), embeddings, identityOfFace(paths, chosen, labels), Number(args.pairs));
    if (args.chunks) await chunkAgreement(thresholds, Number(args.chunks), paths, predicted);
  }

  async function chunkAgreement(thresholds: ClusteringThresholds, chunks: number, paths: string[], oneRun: Map<string, string | null>) {
    // Incremental runs: each run's new faces are candidates, earlier faces keep their people and have no neighbour lists
    // of their own, as in clusterLibrary (which queries only the unassigned faces).
    const parts: string[][] = Array.from({ length: chunks }, () => []);
    paths.forEach((p, i) => parts[i % chunks]!.push(p));
    const state = new Map<string, string | null>();
    const seen = new Set<string>();
    let nextPerson = 0;
    for (const part of parts) {
      for (const p of part) seen.add(photoOfPath.get(p)!);
      const present = faces.filter((f) => seen.has(f.photoSha256));
      const pool = present.filter((f) => (state.get(f.id) ?? null) === null);
      const all = new Map(present.map((f) => [f.id, f.embedding]));
      const queries = new Map(pool.map((f) => [f.id, f.embedding]));
      const fallback = bruteForceNeighbours(present.map((f) => ({ id: f.id, embedding: f.embedding })));
      const nb = await batchNeighbours(queries, all, Math.max(thresholds.neighbourCount, GROUP_NEIGHBOURS + 1), fallback);
      const input = present.map((f) => ({ id: f.id, photoId: f.photoSha256, quality: f.quality.overall, personId: state.get(f.id) ?? null, source: state.get(f.id) ? ('auto' as const) : null }));
      const people = [...new Set(input.flatMap((f) => (f.personId ? [f.personId] : [])))].map((id) => ({ id, name: null, hidden: false }));
      const plan = await planClustering({ mode: 'incremental', faces: input, people, constraints: [], neighbours: nb, thresholds });
      for (const a of plan.assignments) state.set(a.faceId, a.personId);
      for (const np of plan.newPeople) {
        const id = `p${++nextPerson}`;
        for (const f of np.faceIds) state.set(f, id);
      }
    }
    const chunked = new Map(paths.map((p) => [p, state.get(chosen.get(p)?.id ?? '') ?? null]));
    const agreement = partitionAgreement(paths.map((p) => ({ a: oneRun.get(p) ?? null, b: chunked.get(p) ?? null })));
    const items = paths.map((p) => ({ identity: labels.get(p)!, predicted: chunked.get(p) ?? null }));
    const pw = pairwiseScores(items);
    if (args.detail) printDetail(items, paths, chosen, qualityOf);
    console.log(
      `  ${chunks} interleaved runs: agreement P ${agreement.precision.toFixed(4)} R ${agreement.recall.toFixed(4)} F1 ${agreement.f1.toFixed(4)}; ` +
        `truth P ${pw.precision.toFixed(4)} R ${pw.recall.toFixed(4)} F1 ${pw.f1.toFixed(4)} people ${new Set(items.flatMap((i) => (i.predicted ? [i.predicted] : []))).size} leftovers ${items.filter((i) => i.predicted === null).length} merged ${singletonMerges(items).merged}`,
    );
  }
} finally {
  await catalog.close();
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * Flip test-time augmentation for low-quality faces only, measured without a scan per threshold: faces whose
 * quality.overall is below `below` take the embedding the same face (photo and face index) got in `library`, a
 * library analysed with a copy of the pack that embeds every face with its mirror image ("flip": true). The
 * detections and quality of the two analyses are the same (same detector and landmarks), only the embeddings differ.
 */
async function takeFlippedEmbeddings(faces: FaceWithEmbedding[], library: string, below: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'facetag-flip-'));
  copyFileSync(join(library, 'catalog.sqlite'), join(dir, 'catalog.sqlite'));
  const flipped = await openSqliteCatalog(join(dir, 'catalog.sqlite'));
  try {
    const flipPack = (await flipped.listFaces({})).at(0)?.pack;
    if (!flipPack) throw new Error(`${library} holds no faces`);
    const byFace = new Map((await flipped.listFacesWithEmbeddings(flipPack)).map((f) => [`${f.photoSha256}/${f.index}`, f.embedding]));
    let taken = 0;
    let missing = 0;
    for (const face of faces) {
      if (face.quality.overall >= below) continue;
      const embedding = byFace.get(`${face.photoSha256}/${face.index}`);
      if (!embedding) {
        missing++;
        continue;
      }
      face.embedding = embedding;
      taken++;
    }
    console.log(`flip below quality ${below}: ${taken} of ${faces.length} faces take the flipped embedding (${missing} not in ${library})`);
  } finally {
    await flipped.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The people one run made (all new in a fresh re-cluster), by their faces. */
function peopleOf(plan: ClusteringPlan): Map<string, string[]> {
  return new Map(plan.newPeople.map((p) => [p.tempId, p.faceIds]));
}

function identityOfFace(paths: readonly string[], chosen: Map<string, { id: string }>, labels: Map<string, string>): Map<string, string> {
  return new Map(paths.flatMap((p) => (chosen.has(p) ? [[chosen.get(p)!.id, labels.get(p)!] as const] : [])));
}

function personOfFace(plan: ClusteringPlan): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of plan.assignments) if (a.personId !== null) out.set(a.faceId, a.personId);
  for (const p of plan.newPeople) for (const f of p.faceIds) out.set(f, p.tempId);
  return out;
}

function printDetail(
  items: { identity: string; predicted: string | null }[],
  paths: string[],
  chosen: Map<string, { id: string }>,
  qualityOf: Map<string, { overall: number; frontal?: number; sharpness?: number; size?: number }>,
) {
  const byIdentity = new Map<string, { path: string; predicted: string | null }[]>();
  items.forEach((item, i) => {
    const list = byIdentity.get(item.identity) ?? [];
    list.push({ path: paths[i]!, predicted: item.predicted });
    byIdentity.set(item.identity, list);
  });
  const peopleIdentities = new Map<string, Set<string>>();
  for (const item of items) if (item.predicted) peopleIdentities.set(item.predicted, new Set([...(peopleIdentities.get(item.predicted) ?? []), item.identity]));
  for (const [identity, list] of [...byIdentity].sort()) {
    if (list.length < 2) continue;
    const counts = new Map<string, number>();
    for (const { predicted } of list) counts.set(predicted ?? '-', (counts.get(predicted ?? '-') ?? 0) + 1);
    if (counts.size === 1 && !counts.has('-')) continue;
    const desc = [...counts].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p}${p !== '-' && peopleIdentities.get(p)!.size > 1 ? '(MIXED)' : ''}:${n}`);
    console.log(`  ${identity}: ${desc.join(' ')}`);
    const main = [...counts].filter(([p]) => p !== '-').sort((a, b) => b[1] - a[1])[0]?.[0];
    for (const { path, predicted } of list) {
      if (predicted === main) continue;
      const q = qualityOf.get(chosen.get(path)?.id ?? '');
      console.log(`    ${predicted ?? 'left over'}  ${relative(resolve('..'), path).split(sep).slice(-2).join('/')}  quality ${JSON.stringify(q)}`);
    }
  }
}

function parseSetting(s: string): [string, number | null] {
  const [key, value] = s.split('=') as [string, string];
  return [key, parseValue(value)];
}

function parseValue(v: string): number | null {
  return v === 'null' ? null : Number(v);
}

