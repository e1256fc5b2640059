import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What travels in a job. Everything a worker must agree on with the coordinator is in the job itself (the pack,
 * the detection size), so workers started with different defaults still analyse a scan the same way.
 */

/** The analysis stage (decode + detect + align + embed + store) takes batches of photos; the heavy one, GPU-friendly. */
export const ANALYSE_STAGE = 'analyse';
/** Clustering the stored faces into people: one run at a time across all workers. */
export const CLUSTER_STAGE = 'cluster';
export const STAGES = [ANALYSE_STAGE, CLUSTER_STAGE] as const;
export type Stage = (typeof STAGES)[number];

export const QueuedPhotoSchema = z.object({
  /** A file path every worker can read (shared file system), or an s3://bucket/key URL. */
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().nonnegative(),
  mtimeMs: z.number(),
});
export type QueuedPhoto = z.infer<typeof QueuedPhotoSchema>;

export const AnalyseJobSchema = z.object({
  pack: z.string().min(1),
  detectSize: z.number().int().positive().optional(),
  photos: z.array(QueuedPhotoSchema).min(1),
});
export type AnalyseJob = z.infer<typeof AnalyseJobSchema>;

export const AnalyseResultSchema = z.object({
  analysed: z.number().int().nonnegative(),
  /** Already stored when the job ran (a redelivered job, or a duplicate photo): nothing was analysed again. */
  alreadyStored: z.number().int().nonnegative(),
  faces: z.number().int().nonnegative(),
  /** Photos that could not be analysed (corrupt, unreadable); recorded as errors in the catalog. */
  failed: z.array(z.object({ path: z.string(), reason: z.string() })),
  worker: z.string(),
  ms: z.object({ decode: z.number(), detect: z.number(), embed: z.number(), store: z.number() }),
});
export type AnalyseResult = z.infer<typeof AnalyseResultSchema>;

export const ClusterJobSchema = z.object({
  pack: z.string().min(1),
  mode: z.enum(['incremental', 'recluster']),
});
export type ClusterJob = z.infer<typeof ClusterJobSchema>;

export const ClusterResultSchema = z.object({
  assigned: z.number().int().nonnegative(),
  newPeople: z.number().int().nonnegative(),
  unassigned: z.number().int().nonnegative(),
  removedPeople: z.number().int().nonnegative(),
  ms: z.number(),
  worker: z.string(),
});
export type ClusterResult = z.infer<typeof ClusterResultSchema>;

/**
 * Job id = stage + pack + content hash: the same photo queued twice (two scans, a rescan after a crash) is one job,
 * and a batch is identified by the hashes it holds. BullMQ refuses ":" in custom ids, hence the dots.
 */
export function analyseJobId(pack: string, sha256s: readonly string[]): string {
  const content = sha256s.length === 1 ? sha256s[0]! : createHash('sha256').update(sha256s.join('\n')).digest('hex');
  return `${ANALYSE_STAGE}.${safe(pack)}.${content}`;
}

/**
 * A clustering request is identified by what it clusters: the pack and the photos of the scan that asked for it.
 * Requests are cheap to repeat (incremental clustering of what is still unassigned), so uniqueness only has to
 * stop one scan from queueing its own request twice.
 */
export function clusterJobId(pack: string, mode: ClusterJob['mode'], contentKey: string): string {
  return `${CLUSTER_STAGE}.${safe(pack)}.${mode}.${contentKey}`;
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Higher-priority work first (BullMQ: 1 is the highest): clustering new faces before a full re-clustering. */
export const PRIORITY = { newFaces: 1, recluster: 10 } as const;
