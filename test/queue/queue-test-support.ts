import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { BullmqQueues } from '../../src/queue/bullmq/bullmq-queues.js';
import { parseQueueSettings, type QueueSettings } from '../../src/queue/queue-settings.js';
import { runCli, startCliLogged, tempDir } from '../support/cli.js';
import { tail } from '../support/hang-guard.js';
import { dataset } from '../support/shared.js';

/** The shared test Redis (scripts/test-servers); tests that need it fail loudly without it, like the S3 ones. */
export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: start the test servers first (eval "$(scripts/test-servers up)")');
  return url;
}

/** A prefix no other test run uses, so tests never see each other's jobs on the shared Redis. */
export function uniquePrefix(name: string): string {
  return `ftest-${name}-${process.pid}-${Date.now().toString(36)}`;
}

export function queueSettings(url: string, prefix: string): QueueSettings {
  return parseQueueSettings(url, prefix);
}

/**
 * The first `count` LFW photos, people in name order and each person's photos in name order, as symlinks in one
 * fresh folder: the same photos on every run.
 */
export function lfwPhotos(count: number, skip = 0): string {
  const root = dataset('lfw');
  const files: string[] = [];
  for (const person of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, person)).sort()) files.push(join(root, person, name));
    if (files.length >= skip + count) break;
  }
  const folder = join(tempDir('queue-photos'), 'photos');
  mkdirSync(folder);
  for (const file of files.slice(skip, skip + count)) symlinkSync(file, join(folder, file.split('/').pop()!));
  return folder;
}

/** What must be the same after any correct run: every face (id, box, photo) and which faces share a person. */
export interface LibraryOutcome {
  faces: string[];
  people: string[][];
}

export function libraryOutcome(env: NodeJS.ProcessEnv): LibraryOutcome {
  const out = runCli(['export', '--format', 'json'], env);
  if (out.code !== 0) throw new Error(`export failed: ${out.stderr}`);
  const library = LibraryExportSchema.parse(JSON.parse(out.stdout));
  const faces: string[] = [];
  const byPerson = new Map<string, string[]>();
  for (const photo of library.photos) {
    for (const face of photo.faces) {
      faces.push(`${face.id} ${photo.path} ${JSON.stringify(face.box)}`);
      if (face.personId !== null) byPerson.set(face.personId, [...(byPerson.get(face.personId) ?? []), face.id]);
    }
  }
  // Person ids depend on creation order; the partition of faces into people does not.
  const people = [...byPerson.values()].map((ids) => ids.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
  return { faces: faces.sort(), people };
}

/** Numbers from a scan's summary line. */
export function scanNumbers(stdout: string): { analysed: number; known: number; errors: number } {
  const m = /(\d+) analysed, \d+ unchanged, (\d+) already known, (\d+) errors/.exec(stdout);
  if (!m) throw new Error(`no scan summary in: ${stdout}`);
  return { analysed: Number(m[1]), known: Number(m[2]), errors: Number(m[3]) };
}

/** A `facetag worker` in the background, its output in a file (startCliLogged: the scan waits for it while a test blocks). */
export function startWorker(env: NodeJS.ProcessEnv, extra: string[] = []): ChildProcess & { log: () => string } {
  return startCliLogged(['worker', ...extra], env);
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export function collectOutput(child: ChildProcess): () => { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return () => ({ stdout, stderr });
}

/** Polls until the condition holds; the test's own timeout bounds the wait, not a clock here. */
export async function until(condition: () => Promise<boolean> | boolean, everyMs = 200): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, everyMs));
}

export async function completedCount(queues: BullmqQueues, stage: 'analyse' | 'cluster' = 'analyse'): Promise<number> {
  return (await queues.counts(stage)).completed;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Where a queued run stood, for a test that hangs: the worker's state and output, and the jobs of each stage. */
export async function queueAccount(queues: BullmqQueues, worker: ChildProcess & { log: () => string }): Promise<string> {
  const state = worker.exitCode !== null || worker.signalCode !== null ? `exited (code ${worker.exitCode}, signal ${worker.signalCode})` : 'running';
  const stages = await Promise.all(
    (['analyse', 'cluster'] as const).map(async (stage) => {
      const failed = await queues.failed(stage, 5);
      const reasons = failed.map((job) => `\n  ${job.id}: ${job.reason}`).join('');
      return `${stage}: ${JSON.stringify(await queues.counts(stage))}${reasons}`;
    }),
  );
  return `--- queue:\n${stages.join('\n')}\n--- worker ${state}\n${tail('worker output', worker.log())}`;
}
