import { z } from 'zod';
import { STAGES } from '../../queue/job-data.js';

/** The "Work and administration" answers (docs/http-api.md): scans, errors, jobs, workers, status. */

export { Problem } from './problem.js';

export const ScanId = z.object({ id: z.uuid().describe('as POST /api/scans answered it') });

export const Scan = z.object({
  id: z.string(),
  state: z.enum(['running', 'finished', 'stopped', 'failed']),
  paths: z.array(z.string()),
  found: z.number().int(),
  done: z.number().int(),
  analysed: z.number().int(),
  unchanged: z.number().int().describe('photos known already: unchanged files and new paths of stored content'),
  faces: z.number().int(),
  failed: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const StartScanBody = z.object({
  paths: z
    .array(z.string().min(1).max(4096))
    .min(1)
    .max(100)
    .describe('absolute folders or files, or one s3://bucket/prefix, each below the server\'s --roots'),
});

export const ScanList = z.object({ items: z.array(Scan) });

export const ScanErrors = z.object({ items: z.array(z.object({ path: z.string(), reason: z.string(), at: z.string() })) });

const StageName = z.enum(STAGES);
/** analyse.<pack>.<hash> or cluster.<pack>.<mode>.<key>, as the queue names them (no ":" in BullMQ ids). */
const JobId = z.string().regex(/^(analyse|cluster)\.[A-Za-z0-9_.-]{1,200}$/, 'a facetag job id such as analyse.<pack>.<sha256>');

export const Jobs = z.object({
  configured: z.boolean(),
  where: z.string().nullable(),
  stages: z.array(
    z.object({
      stage: StageName,
      counts: z.object({ waiting: z.number().int(), active: z.number().int(), delayed: z.number().int(), completed: z.number().int(), failed: z.number().int() }),
      perMinute: z.array(z.number()).describe('jobs finished per minute over the last 5 minutes, newest first'),
    }),
  ),
  failed: z.array(z.object({ stage: StageName, id: z.string(), reason: z.string(), attemptsMade: z.number().int(), failedAt: z.string().nullable(), subject: z.string() })),
});

export const JobsAction = z.object({
  stage: StageName,
  ids: z.array(JobId).max(10_000).optional().describe('failed jobs of that stage; every failed job of the stage when absent'),
});

export const JobsCount = z.object({ count: z.number().int() });

export const Worker = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  stages: z.array(StageName),
  device: z.string(),
  threads: z.number().int(),
  concurrency: z.number().int(),
  activeJobs: z.number().int(),
  photos: z.number().int(),
  imagesPerSecond: z.number(),
  state: z.enum(['running', 'stopping']),
  startedAt: z.string(),
  lastBeatAt: z.string(),
});

export const Workers = z.object({ configured: z.boolean(), items: z.array(Worker) });

const Reachable = { where: z.string(), reachable: z.boolean(), detail: z.string().nullable().describe('why it is not reachable') };

export const Status = z.object({
  version: z.string(),
  library: z.string().describe('the library folder on the server'),
  catalog: z.object({ backend: z.enum(['sqlite', 'neo4j']), ...Reachable }),
  objects: z.object({ backend: z.enum(['local', 's3']), ...Reachable }),
  queue: z.object({ configured: z.boolean(), where: z.string().nullable(), reachable: z.boolean().nullable(), detail: z.string().nullable() }),
  workers: z.object({ count: z.number().int(), imagesPerSecond: z.number() }).nullable().describe('null without a reachable queue'),
  pack: z.string().nullable().describe('the pack of this library\'s embeddings; null before the first scan'),
  packs: z.array(
    z.object({
      name: z.string(),
      installed: z.boolean(),
      missing: z.array(z.string()),
      badChecksum: z.array(z.string()),
      licence: z.string(),
      calibration: z
        .object({ threshold: z.number(), accuracy: z.number(), std: z.number(), pairs: z.string(), pairCount: z.number().int(), measured: z.string(), command: z.string() })
        .nullable()
        .describe('LFW pair verification from the manifest (10-fold accuracy and its standard deviation)'),
      clustering: z.string().nullable().describe('where the clustering thresholds came from'),
    }),
  ),
  counts: z.object({ photos: z.number().int(), files: z.number().int(), faces: z.number().int(), people: z.number().int() }).nullable(),
  errors: z.number().int().nullable().describe('files that could not be analysed (GET /api/errors)'),
  lastRun: z
    .object({ id: z.number().int(), startedAt: z.string(), finishedAt: z.string().nullable(), root: z.string(), pack: z.string(), stats: z.record(z.string(), z.number()) })
    .nullable(),
  llm: z.object({ configured: z.boolean() }),
});
