/**
 * The pure parts of `npm run bench:peers` (bench/peers.ts): which photos, reading the peer's result, scoring it with
 * facetag's own metrics (src/eval/metrics.ts), and the printed table.
 */
import { z } from 'zod';
import { boxCentre } from '../src/domain/geometry.js';
import type { Box } from '../src/domain/types.js';
import type { EvaluationReport, FacePick } from '../src/eval/evaluate-library.js';
import { bcubedScores, pairwiseScores, singletonMerges, type LabelledItem, type PrecisionRecall } from '../src/eval/metrics.js';

// --- which photos -----------------------------------------------------------------------------------------------

export interface SubsetOptions {
  /** How many LFW people (every one has 4 or more photos), spread evenly over the sorted names. */
  people: number;
  /** At most this many photos per person (the first ones by name), so no one person dominates the pair counts. */
  perPerson: number;
  /** How many single-photo people (distractors), spread evenly over the sorted names. */
  singletons: number;
}

/** n items spread evenly over the list (first item included); all of them when n reaches its length. */
export function evenlySpaced<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  if (n <= 0) return [];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/**
 * A deterministic subset: folder name -> chosen file names, for the people and for the distractors.
 * Input maps are folder name -> file names (any order); the choice depends only on the sorted names.
 */
export function chooseSubset(
  people: ReadonlyMap<string, readonly string[]>,
  singletons: ReadonlyMap<string, readonly string[]>,
  options: SubsetOptions,
): { people: Map<string, string[]>; singletons: Map<string, string[]> } {
  const sortedKeys = (m: ReadonlyMap<string, readonly string[]>) => [...m.keys()].sort();
  const pick = (m: ReadonlyMap<string, readonly string[]>, names: string[], perFolder: number) =>
    new Map(names.map((name) => [name, [...m.get(name)!].sort().slice(0, perFolder)] as const).filter(([, files]) => files.length > 0));
  return {
    people: pick(people, evenlySpaced(sortedKeys(people), options.people), options.perPerson),
    singletons: pick(singletons, evenlySpaced(sortedKeys(singletons), options.singletons), 1),
  };
}

// --- the peer's result --------------------------------------------------------------------------------------------

const PeerResultSchema = z.object({
  format: z.literal(1),
  peer: z.string(),
  versions: z.record(z.string(), z.string().nullable()),
  detector: z.string(),
  upsample: z.number().int(),
  jobs: z.number().int().positive(),
  photos: z.array(z.object({ path: z.string(), width: z.number().int().nullable(), height: z.number().int().nullable(), error: z.string().nullable() })),
  faces: z.array(
    z.object({
      path: z.string(),
      /** top, right, bottom, left in pixels (face_recognition's order). */
      box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      /** One DBSCAN label per clustering; -1 is noise (no cluster). */
      labels: z.array(z.number().int().min(-1)),
    }),
  ),
  clusterings: z.array(z.object({ eps: z.number().positive(), min_samples: z.number().int().positive(), seconds: z.number().min(0) })).min(1),
  timing: z.object({ import_seconds: z.number().min(0), analyse_seconds: z.number().min(0) }),
  peak_rss_mib: z.object({ main: z.number().min(0), largest_worker: z.number().min(0) }),
});

export type PeerResult = z.infer<typeof PeerResultSchema>;

/** A peer script's JSON output checked against its schema; what: how the error names it ("peer result"). */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string, what: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${what}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Reads face_recognition_cluster.py's JSON, checking that every face has one label per clustering and a known photo. */
export function parsePeerResult(text: string): PeerResult {
  const result = parseJsonAs(PeerResultSchema, text, 'peer result');
  const photos = new Set(result.photos.map((p) => p.path));
  result.faces.forEach((face, i) => {
    if (!photos.has(face.path)) throw new Error(`peer result: face ${i} is in ${face.path}, which is not among its photos`);
    if (face.labels.length !== result.clusterings.length) {
      throw new Error(`peer result: face ${i} has ${face.labels.length} labels for ${result.clusterings.length} clusterings`);
    }
  });
  return result;
}

/** face_recognition's (top, right, bottom, left) as facetag's box. */
export function boxFromCss([top, right, bottom, left]: readonly [number, number, number, number]): Box {
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/**
 * The face standing for a photo, by the rule `facetag eval` applies to its own faces (src/eval/evaluate-library.ts):
 * nearest the photo's centre, or the largest; the first one wins a tie.
 */
export function pickFace<T extends { box: Box }>(faces: readonly T[], width: number, height: number, pick: FacePick): T | undefined {
  if (faces.length === 0) return undefined;
  const [cx, cy] = [width / 2, height / 2];
  const score = (f: T): number => {
    if (pick === 'largest') return f.box.w * f.box.h;
    const [fx, fy] = boxCentre(f.box);
    return -Math.hypot(fx - cx, fy - cy);
  };
  return faces.reduce((best, f) => (score(f) > score(best) ? f : best));
}

/** What facetag's evaluation reports, for one of the peer's clusterings (no verification pairs). */
export type ClusteringReport = Omit<EvaluationReport, 'verification'>;

/** Scores each of the peer's clusterings against the labels (photo path -> identity) with facetag's metrics. */
export function scorePeer(result: PeerResult, labels: ReadonlyMap<string, string>, pick: FacePick): ClusteringReport[] {
  const photoSize = new Map(result.photos.map((p) => [p.path, p] as const));
  const facesByPhoto = new Map<string, { box: Box; labels: number[] }[]>();
  for (const face of result.faces) {
    const list = facesByPhoto.get(face.path) ?? [];
    list.push({ box: boxFromCss(face.box), labels: face.labels });
    facesByPhoto.set(face.path, list);
  }
  const chosen = new Map<string, number[]>();
  for (const path of labels.keys()) {
    const photo = photoSize.get(path);
    const face = photo?.width && photo.height ? pickFace(facesByPhoto.get(path) ?? [], photo.width, photo.height, pick) : undefined;
    if (face) chosen.set(path, face.labels);
  }
  return result.clusterings.map((_, c) => {
    const items: LabelledItem[] = [...labels].map(([path, identity]) => {
      const label = chosen.get(path)?.[c];
      return { identity, predicted: label === undefined || label < 0 ? null : `dbscan:${label}` };
    });
    return {
      images: labels.size,
      identities: new Set(labels.values()).size,
      detected: chosen.size,
      detectionRate: labels.size === 0 ? 0 : chosen.size / labels.size,
      pairwise: pairwiseScores(items),
      bcubed: bcubedScores(items),
      singletons: singletonMerges(items),
      people: new Set(items.map((i) => i.predicted).filter((p) => p !== null)).size,
    };
  });
}

// --- the table ---------------------------------------------------------------------------------------------------

export interface Row {
  name: string;
  report: ClusteringReport;
  /** Faces found in all photos (not only the one per photo that is scored). */
  faces: number;
  imagesPerSecond: number;
  /** Detection, encoding and clustering, from the first photo to the stored people. */
  wallSeconds: number;
  peakMemoryMiB: number;
}

/** a / b as "1.23x"; "-" when it means nothing (b is 0, or both are 0). */
export function ratio(a: number, b: number): string {
  if (b === 0) return a === 0 ? '-' : 'inf';
  return `${(a / b).toFixed(2)}x`;
}

export function formatTable(rows: readonly Row[], ratios: readonly { of: Row; to: Row }[]): string {
  const header = ['', 'detected', 'faces', 'people', 'pairwise P', 'R', 'F1', 'BCubed F', 'singletons merged', 'images/s', 'wall s', 'peak MiB'];
  const cells = (r: Row): string[] => [
    r.name,
    `${(r.report.detectionRate * 100).toFixed(2)}%`,
    String(r.faces),
    String(r.report.people),
    r.report.pairwise.precision.toFixed(4),
    r.report.pairwise.recall.toFixed(4),
    r.report.pairwise.f1.toFixed(4),
    r.report.bcubed.f1.toFixed(4),
    `${r.report.singletons.merged} of ${r.report.singletons.singletons}`,
    r.imagesPerSecond.toFixed(2),
    r.wallSeconds.toFixed(1),
    r.peakMemoryMiB.toFixed(0),
  ];
  const ratioCells = ({ of, to }: { of: Row; to: Row }): string[] => {
    const f = (get: (r: Row) => number) => ratio(get(of), get(to));
    const pr = (get: (p: PrecisionRecall) => number) => f((r) => get(r.report.pairwise));
    return [
      `${of.name} / ${to.name}`,
      f((r) => r.report.detectionRate),
      f((r) => r.faces),
      f((r) => r.report.people),
      pr((p) => p.precision),
      pr((p) => p.recall),
      pr((p) => p.f1),
      f((r) => r.report.bcubed.f1),
      f((r) => r.report.singletons.merged),
      f((r) => r.imagesPerSecond),
      f((r) => r.wallSeconds),
      f((r) => r.peakMemoryMiB),
    ];
  };
  return renderTable(header, rows.map(cells), ratios.map(ratioCells));
}

/** Columns padded to their widest cell (the first left-aligned, the rest right-aligned), ratio lines under a rule. */
export function renderTable(header: readonly string[], body: readonly string[][], ratioLines: readonly string[][]): string {
  const lines = [header, ...body, ...ratioLines];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const render = (l: readonly string[]) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [render(header), rule, ...body.map(render), ...(ratioLines.length > 0 ? [rule] : []), ...ratioLines.map(render)].join('\n');
}
