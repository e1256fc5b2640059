/**
 * Detections scored against faces counted by eye (test/fixtures/groups-faces.json): which required faces a detector
 * found, and which of its boxes are on no face. Used by test/eval/groups-recall.test.ts for facetag and by
 * `npm run bench:peers` for facetag and its peers alike.
 *
 * A detection and an audited box are the same face when each one's centre lies inside the other. That does not
 * depend on the box convention (YuNet's boxes start at the brows and are taller than wide, other detectors include
 * the forehead; a face cut by the frame gets a long thin box) nor on the roughness of a box drawn by hand, and a
 * box around a neighbouring face cannot satisfy it: two faces side by side do not hold each other's centres.
 * The assignment is one to one, so a second box on the same face counts as a false box.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Box } from '../domain/types.js';

const AuditBoxSchema = z.object({ x: z.int().nonnegative(), y: z.int().nonnegative(), w: z.int().positive(), h: z.int().positive() });

export const FaceAuditSchema = z.object({
  about: z.array(z.string()).min(1),
  pack: z.string().min(1),
  minFaceSize: z.int().positive(),
  photos: z.record(
    z.string(),
    z.object({
      size: z.object({ w: z.int().positive(), h: z.int().positive() }),
      faces: z.array(AuditBoxSchema),
      falsePositives: z.array(AuditBoxSchema.extend({ what: z.string().min(1) })),
      notRequired: z.array(AuditBoxSchema.extend({ reason: z.string().min(1), detected: z.boolean() })),
      note: z.string(),
    }),
  ),
});

export type FaceAudit = z.infer<typeof FaceAuditSchema>;

/** Reads and checks an audit file; a bad one is named with the reason. */
export function readFaceAudit(file: string): FaceAudit {
  const parsed = FaceAuditSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

const centre = (b: Box): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];
const holds = (b: Box, [x, y]: [number, number]): boolean => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
export const sameFace = (a: Box, b: Box): boolean => holds(a, centre(b)) && holds(b, centre(a));

/** Pairs audited boxes with detections (nearest centres first, each used once); returns the detections left over. */
export function assignDetections<T extends Box>(expected: readonly Box[], detections: readonly T[]): { found: (T | undefined)[]; left: T[] } {
  const pairs: [number, number, number][] = [];
  expected.forEach((e, i) =>
    detections.forEach((d, j) => {
      if (sameFace(e, d)) pairs.push([Math.hypot(centre(e)[0] - centre(d)[0], centre(e)[1] - centre(d)[1]), i, j]);
    }),
  );
  pairs.sort((a, b) => a[0] - b[0]);
  const found: (T | undefined)[] = expected.map(() => undefined);
  const used = new Set<number>();
  for (const [, i, j] of pairs) {
    if (found[i] || used.has(j)) continue;
    found[i] = detections[j];
    used.add(j);
  }
  return { found, left: detections.filter((_, j) => !used.has(j)) };
}

export interface AuditScore {
  required: number;
  found: number;
  /** "file: box" of each required face no detection matched. */
  missed: string[];
  /** Detections on no face at all (a not-required face found is not one). */
  falseBoxes: number;
  /** The false boxes the audited scan made, the bar for "no more false boxes than audited". */
  auditedFalseBoxes: number;
  notRequiredFound: number;
  /** Audited photos with no detections given (not scanned, or failed). */
  photosMissing: string[];
}

const show = (b: Box): string => `{x: ${b.x}, y: ${b.y}, w: ${b.w}, h: ${b.h}}`;

/** Scores detections (file name in the audit -> boxes in upright pixels) against the audit. */
export function scoreAgainstAudit(audit: FaceAudit, detections: ReadonlyMap<string, readonly Box[]>): AuditScore {
  const score: AuditScore = { required: 0, found: 0, missed: [], falseBoxes: 0, auditedFalseBoxes: 0, notRequiredFound: 0, photosMissing: [] };
  for (const [file, photo] of Object.entries(audit.photos)) {
    const boxes = detections.get(file);
    if (!boxes) score.photosMissing.push(file);
    const { found, left } = assignDetections(photo.faces, boxes ?? []);
    photo.faces.forEach((face, i) => (found[i] ? score.found++ : score.missed.push(`${file}: ${show(face)}`)));
    const notRequired = assignDetections(photo.notRequired, left);
    score.required += photo.faces.length;
    score.notRequiredFound += notRequired.found.filter(Boolean).length;
    score.falseBoxes += notRequired.left.length;
    score.auditedFalseBoxes += photo.falsePositives.length;
  }
  return score;
}
