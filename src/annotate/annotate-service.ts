import { randomUUID } from 'node:crypto';
import { type BackgroundRun, BackgroundRuns } from '../library/background-runs.js';
import { requirePersonById } from '../people/person-lookup.js';
import { annotatePeople } from './annotate-people.js';
import { annotatePhotos } from './annotate-photos.js';
import type { AnnotateOutcome, AnnotatePorts, AnnotateProgress } from './annotate-run.js';

export type AnnotationState = 'running' | 'finished' | 'stopped' | 'failed';

/** What to annotate, as `facetag annotate` takes it: people (ids or every unnamed one), or photos (all or showing people). */
export interface AnnotateRequest {
  /** People by id, or every unnamed person who is not hidden; with `photos`, the photos showing all of these ids ([]: every photo). */
  people: 'all-unnamed' | readonly string[];
  photos: boolean;
  /** Accept suggestions at or above this confidence at once (names name the person); null: leave all pending. */
  applyMinConfidence: number | null;
}

/** An annotation run as the server reports it (docs/http-api.md, "Suggestions"). */
export interface AnnotationReport {
  id: string;
  state: AnnotationState;
  targetType: 'person' | 'photo';
  /** The person ids asked for; null for every unnamed person (or every photo). */
  personIds: string[] | null;
  model: string | null;
  promptVersion: string | null;
  /** Targets asked about so far (answered or failed), of `total` (those without suggestions from this prompt version). */
  done: number;
  total: number;
  /** Targets not asked again: they have suggestions from this prompt version already (known when the run ends). */
  skipped: number;
  suggestions: number;
  applied: number;
  promptTokens: number;
  completionTokens: number;
  /** Wall time of the run so far. */
  ms: number;
  /** Targets whose replies broke the schema twice (included in done): nothing stored for them. */
  failed: number;
  /** Which they were and why, known when the run ends. */
  failures: { targetId: string; reason: string }[];
  startedAt: string;
  finishedAt: string | null;
  /** Why a failed run stopped, in one line (an unreachable model names its URL, never the key). */
  error: string | null;
}

/** One run at a time: the model serves one request after another anyway, and two runs would ask about the same people. */
export class AnnotationRunningError extends Error {
  readonly statusCode = 409;
  constructor(readonly running: AnnotationReport) {
    super(`annotation ${running.id} is still running (${running.done}/${running.total} done); wait for it to end (GET /api/annotate/${running.id})`);
    this.name = 'AnnotationRunningError';
  }
}

export class AnnotationNotFoundError extends Error {
  readonly statusCode = 404;
  constructor(id: string) {
    super(`no annotation run ${id} (this server keeps the last ${KEPT_RUNS} runs since it started)`);
    this.name = 'AnnotationNotFoundError';
  }
}

interface RunEntry extends BackgroundRun<AnnotationReport> {
  started: number;
}

/** Finished runs kept for GET /api/annotate/:id; their suggestions stay in the catalog. */
const KEPT_RUNS = 20;

/**
 * Annotation runs started over HTTP: each runs annotatePeople or annotatePhotos in the background, one at a time,
 * with its progress kept for readers. Closing stops a running one (what it stored stays; a rerun does the rest).
 */
export class AnnotateService {
  private readonly runs = new BackgroundRuns<AnnotationReport, RunEntry>(KEPT_RUNS, (id) => new AnnotationNotFoundError(id));

  constructor(private readonly ports: AnnotatePorts) {}

  /** Checks the people, starts the run and returns at once with its first state. */
  async start(request: AnnotateRequest): Promise<AnnotationReport> {
    this.runs.assertOpen('annotation runs');
    if (request.people !== 'all-unnamed') for (const id of request.people) await requirePersonById(this.ports.library.catalog, id);
    // Checked after the awaits: two requests may have passed them together.
    const running = this.runs.running();
    if (running) throw new AnnotationRunningError(this.view(running));
    const report: AnnotationReport = {
      id: randomUUID(),
      state: 'running',
      targetType: request.photos ? 'photo' : 'person',
      personIds: request.people === 'all-unnamed' || (request.photos && request.people.length === 0) ? null : [...request.people],
      model: null,
      promptVersion: null,
      done: 0,
      total: 0,
      skipped: 0,
      suggestions: 0,
      applied: 0,
      promptTokens: 0,
      completionTokens: 0,
      ms: 0,
      failed: 0,
      failures: [],
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    const entry: RunEntry = { report, started: Date.now(), abort: new AbortController(), done: Promise.resolve() };
    this.runs.add(entry);
    entry.done = this.follow(entry, request);
    return this.view(entry);
  }

  get(id: string): AnnotationReport {
    return this.view(this.runs.get(id));
  }

  /** Stops a running run and waits until it has let go of the library. */
  async close(): Promise<void> {
    await this.runs.close();
  }

  private async follow(entry: RunEntry, request: AnnotateRequest): Promise<void> {
    const { report } = entry;
    const run = {
      concurrency: 1,
      applyMinConfidence: request.applyMinConfidence,
      signal: entry.abort.signal,
      onProgress: (p: AnnotateProgress) => applyProgress(report, p),
    };
    try {
      const outcome = request.photos
        ? await annotatePhotos(this.ports, { ...run, photos: request.people === 'all-unnamed' || request.people.length === 0 ? 'all' : { showing: request.people } })
        : await annotatePeople(this.ports, { ...run, people: request.people });
      applyOutcome(report, outcome);
      report.state = 'finished';
    } catch (error) {
      report.state = entry.abort.signal.aborted ? 'stopped' : 'failed';
      report.error = error instanceof Error ? error.message : String(error);
    }
    report.ms = Date.now() - entry.started;
    report.finishedAt = new Date().toISOString();
  }

  private view(entry: RunEntry): AnnotationReport {
    const { report } = entry;
    return { ...report, ms: report.state === 'running' ? Date.now() - entry.started : report.ms, failures: [...report.failures] };
  }
}

function applyProgress(report: AnnotationReport, p: AnnotateProgress): void {
  Object.assign(report, { done: p.done, total: p.total, failed: p.failed, suggestions: p.suggestions, promptTokens: p.promptTokens, completionTokens: p.completionTokens });
}

function applyOutcome(report: AnnotationReport, outcome: AnnotateOutcome): void {
  const total = outcome.annotated.length + outcome.failed.length;
  Object.assign(report, {
    targetType: outcome.targetType,
    model: outcome.model,
    promptVersion: outcome.promptVersion,
    done: total,
    total,
    skipped: outcome.skipped.length,
    suggestions: outcome.annotated.reduce((sum, a) => sum + a.suggestionIds.length, 0),
    applied: outcome.applied.length,
    promptTokens: outcome.promptTokens,
    completionTokens: outcome.completionTokens,
    failed: outcome.failed.length,
    failures: outcome.failed.map((f) => ({ targetId: f.targetId, reason: f.reason })),
  } satisfies Partial<AnnotationReport>);
}
