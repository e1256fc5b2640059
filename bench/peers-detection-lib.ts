/**
 * The pure parts of bench:peers' detection comparison (bench/peers-detection.ts): reading what
 * bench/peers/insightface_detect.py wrote, turning each side's boxes into rows (images/s and faces on the 12 MP
 * photos; images/s, faces and the required faces of the groups/ audit found), and the printed table with ratios.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import type { Box } from '../src/domain/types.js';
import { scoreAgainstAudit, type AuditScore, type FaceAudit } from '../src/eval/face-audit.js';
import { parseJsonAs, ratio, renderTable } from './peers-lib.js';

/** The two photo sets every side is timed on, by the names the Python script is given. */
export const PHOTO_SETS = ['12mp', 'groups'] as const;
export type PhotoSet = (typeof PHOTO_SETS)[number];

const PhotoSchema = z.object({
  path: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  error: z.string().nullable(),
  faces: z.array(z.object({ box: z.tuple([z.number(), z.number(), z.number().min(0), z.number().min(0)]), score: z.number() })),
});

const InsightfaceResultSchema = z.object({
  format: z.literal(1),
  peer: z.literal('insightface'),
  versions: z.record(z.string(), z.string()),
  models: z.object({ detection: z.string(), recognition: z.string() }),
  det_thresh: z.number(),
  jobs: z.number().int().positive(),
  import_seconds: z.number().min(0),
  runs: z
    .array(
      z.object({
        det_size: z.number().int().positive(),
        load_seconds: z.number().min(0),
        sets: z.array(z.object({ name: z.string(), seconds: z.number().positive(), photos: z.array(PhotoSchema) })),
      }),
    )
    .min(1),
  peak_rss_mib: z.object({ main: z.number().min(0), largest_worker: z.number().min(0) }),
});

export type InsightfaceResult = z.infer<typeof InsightfaceResultSchema>;

/** Reads insightface_detect.py's JSON; every run must hold both photo sets. */
export function parseInsightfaceResult(text: string): InsightfaceResult {
  const result = parseJsonAs(InsightfaceResultSchema, text, 'insightface result');
  for (const run of result.runs) {
    const names = run.sets.map((s) => s.name).sort();
    if (names.join() !== [...PHOTO_SETS].sort().join()) throw new Error(`insightface result: det size ${run.det_size} has the sets ${names.join(', ') || 'none'}, expected ${PHOTO_SETS.join(', ')}`);
  }
  return result;
}

/** One side's detections of one photo set, timed. boxes: photo file name -> boxes (upright pixels). */
export interface SetResult {
  photos: number;
  errors: number;
  seconds: number;
  boxes: Map<string, Box[]>;
}

export interface DetectionRow {
  name: string;
  threads: number;
  twelveMp: { imagesPerSecond: number; faces: number; errors: number };
  groups: { imagesPerSecond: number; faces: number; errors: number; audit: AuditScore };
  /** Proportional set size of the process tree, sampled; null where it cannot be measured. */
  peakMemoryMiB: number | null;
}

export function detectionRow(name: string, threads: number, sets: Record<PhotoSet, SetResult>, audit: FaceAudit, peakMemoryMiB: number | null): DetectionRow {
  const faces = (s: SetResult) => [...s.boxes.values()].reduce((n, b) => n + b.length, 0);
  const rate = (s: SetResult) => s.photos / s.seconds;
  return {
    name,
    threads,
    twelveMp: { imagesPerSecond: rate(sets['12mp']), faces: faces(sets['12mp']), errors: sets['12mp'].errors },
    groups: { imagesPerSecond: rate(sets.groups), faces: faces(sets.groups), errors: sets.groups.errors, audit: scoreAgainstAudit(audit, sets.groups.boxes) },
    peakMemoryMiB,
  };
}

/** The rows of one insightface_detect.py run: one per det size, at the run's number of worker processes. */
export function insightfaceRows(result: InsightfaceResult, audit: FaceAudit, peakMemoryMiB: number | null): DetectionRow[] {
  return result.runs.map((run) => {
    const sets = Object.fromEntries(
      run.sets.map((set) => {
        const boxes = new Map(set.photos.filter((p) => !p.error).map((p) => [basename(p.path), p.faces.map(({ box: [x, y, w, h] }) => ({ x, y, w, h }))] as const));
        return [set.name, { photos: set.photos.length, errors: set.photos.filter((p) => p.error).length, seconds: set.seconds, boxes }];
      }),
    ) as Record<PhotoSet, SetResult>;
    return detectionRow(`insightface det ${run.det_size}`, result.jobs, sets, audit, peakMemoryMiB);
  });
}

export function formatDetectionTable(rows: readonly DetectionRow[], ratios: readonly { of: DetectionRow; to: DetectionRow }[]): string {
  const header = ['', 'threads', '12 MP images/s', '12 MP faces', 'groups/ images/s', 'groups/ faces', 'required found', 'false boxes', 'errors', 'peak MiB'];
  const cells = (r: DetectionRow): string[] => [
    r.name,
    String(r.threads),
    r.twelveMp.imagesPerSecond.toFixed(2),
    String(r.twelveMp.faces),
    r.groups.imagesPerSecond.toFixed(2),
    String(r.groups.faces),
    `${r.groups.audit.found} of ${r.groups.audit.required}`,
    String(r.groups.audit.falseBoxes),
    String(r.twelveMp.errors + r.groups.errors),
    r.peakMemoryMiB === null ? '-' : r.peakMemoryMiB.toFixed(0),
  ];
  const ratioCells = ({ of, to }: { of: DetectionRow; to: DetectionRow }): string[] => [
    `${of.name} / ${to.name}`,
    String(of.threads),
    ratio(of.twelveMp.imagesPerSecond, to.twelveMp.imagesPerSecond),
    ratio(of.twelveMp.faces, to.twelveMp.faces),
    ratio(of.groups.imagesPerSecond, to.groups.imagesPerSecond),
    ratio(of.groups.faces, to.groups.faces),
    ratio(of.groups.audit.found, to.groups.audit.found),
    ratio(of.groups.audit.falseBoxes, to.groups.audit.falseBoxes),
    '',
    of.peakMemoryMiB === null || to.peakMemoryMiB === null ? '-' : ratio(of.peakMemoryMiB, to.peakMemoryMiB),
  ];
  return renderTable(header, rows.map(cells), ratios.map(ratioCells));
}
