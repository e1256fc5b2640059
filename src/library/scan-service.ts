import { randomUUID } from 'node:crypto';
import type { LibraryScanOptions, LibraryScanOutcome } from '../api/scan-api.js';
import type { ScanProgress } from '../pipeline/scan.js';
import { type BackgroundRun, BackgroundRuns } from './background-runs.js';
import { checkScanPaths } from './scan-roots.js';

export type ScanState = 'running' | 'finished' | 'stopped' | 'failed';

/** A scan as the server reports it (docs/http-api.md, "Work and administration"). */
export interface ScanReport {
  id: string;
  state: ScanState;
  paths: string[];
  found: number;
  done: number;
  analysed: number;
  /** Photos known already: unchanged files and new paths of stored content. */
  unchanged: number;
  faces: number;
  failed: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

/** How a scan is run: FacetagLibrary.scan, given the server's queue when it has one. */
export type RunScan = (paths: string[], options: Pick<LibraryScanOptions, 'onProgress' | 'signal'>) => Promise<LibraryScanOutcome>;

/** A second scan while one runs is refused rather than queued: both would walk the same catalog and pool. */
export class ScanRunningError extends Error {
  readonly statusCode = 409;
  constructor(readonly running: ScanReport) {
    super(`scan ${running.id} is still running (${running.done}/${running.found} photos); wait for it to end or stop it with DELETE /api/scans/${running.id}`);
    this.name = 'ScanRunningError';
  }
}

export class ScanNotFoundError extends Error {
  readonly statusCode = 404;
  constructor(id: string) {
    super(`no scan ${id} (this server keeps the last ${KEPT_SCANS} scans since it started)`);
    this.name = 'ScanNotFoundError';
  }
}

type Listener = (scan: ScanReport) => void;

interface ScanEntry extends BackgroundRun<ScanReport> {
  /** Told that the report changed; each subscriber throttles on its own. */
  listeners: Set<() => void>;
}

/** Finished scans kept for GET /api/scans; older ones are forgotten (their runs stay in the catalog). */
const KEPT_SCANS = 20;

/**
 * Scans started over HTTP: each runs in the background, one at a time, below the allowed roots; its progress is
 * kept for readers and pushed to subscribers (the SSE stream), and it can be asked to stop.
 */
export class ScanService {
  private readonly scans = new BackgroundRuns<ScanReport, ScanEntry>(KEPT_SCANS, (id) => new ScanNotFoundError(id));

  constructor(
    private readonly run: RunScan,
    private readonly roots: readonly string[],
  ) {}

  /** Starts a scan of `paths` (every one below a root) and returns at once with its first state. */
  async start(paths: readonly string[]): Promise<ScanReport> {
    this.scans.assertOpen('scans');
    const checked = await checkScanPaths(paths, this.roots);
    // Checked again after the await: two requests may have passed the first check together.
    const running = this.scans.running();
    if (running) throw new ScanRunningError({ ...running.report });
    const report = emptyReport(randomUUID(), checked);
    const entry: ScanEntry = { report, abort: new AbortController(), done: Promise.resolve(), listeners: new Set() };
    this.scans.add(entry);
    entry.done = this.follow(entry);
    return { ...report };
  }

  list(): ScanReport[] {
    return this.scans.all().map((e) => ({ ...e.report })).reverse();
  }

  get(id: string): ScanReport {
    return { ...this.scans.get(id).report };
  }

  /** Asks a running scan to stop (photos in flight are finished and stored); a scan that ended stays as it was. */
  stop(id: string): ScanReport {
    const entry = this.scans.get(id);
    entry.abort.abort();
    return { ...entry.report };
  }

  /**
   * Calls `listener` with the scan's state at once, then on changes at most every `everyMs`, and always with the
   * final state, after which `ended` is called. Returns the function that unsubscribes.
   */
  subscribe(id: string, listener: Listener, ended: () => void, everyMs = 250): () => void {
    const entry = this.scans.get(id);
    let last = 0;
    let timer: NodeJS.Timeout | null = null;
    const send = (): void => {
      timer = null;
      last = Date.now();
      listener({ ...entry.report });
      if (entry.report.state !== 'running') {
        entry.listeners.delete(throttled);
        ended();
      }
    };
    const throttled = (): void => {
      if (entry.report.state !== 'running') {
        if (timer) clearTimeout(timer);
        send();
        return;
      }
      if (timer) return;
      const wait = Math.max(0, last + everyMs - Date.now());
      timer = setTimeout(send, wait);
    };
    entry.listeners.add(throttled);
    send();
    return () => {
      entry.listeners.delete(throttled);
      if (timer) clearTimeout(timer);
    };
  }

  /** Asks every running scan to stop, without waiting (the server is closing: the event streams can end). */
  stopAll(): void {
    this.scans.stopAll('the server is stopping');
  }

  /** Stops every running scan and waits until each has stored what it had in flight. */
  async close(): Promise<void> {
    await this.scans.close();
  }

  private async follow(entry: ScanEntry): Promise<void> {
    const { report } = entry;
    const changed = (): void => entry.listeners.forEach((l) => l());
    try {
      const outcome = await this.run([...report.paths], {
        signal: entry.abort.signal,
        onProgress: (p) => {
          applyProgress(report, p);
          changed();
        },
      });
      Object.assign(report, {
        found: outcome.found,
        // Every photo found was looked at, unless the scan was stopped; photos that failed to list are not in found.
        done: outcome.interrupted ? report.done : outcome.found,
        analysed: outcome.analysed,
        unchanged: outcome.unchanged + outcome.linked,
        faces: outcome.faces,
        failed: outcome.failed,
        state: outcome.interrupted ? 'stopped' : 'finished',
      } satisfies Partial<ScanReport>);
    } catch (err) {
      report.state = 'failed';
      report.error = err instanceof Error ? err.message : String(err);
    }
    report.finishedAt = new Date().toISOString();
    changed();
  }
}

function emptyReport(id: string, paths: string[]): ScanReport {
  return {
    id, state: 'running', paths, found: 0, done: 0, analysed: 0, unchanged: 0, faces: 0, failed: 0,
    startedAt: new Date().toISOString(), finishedAt: null, error: null,
  };
}

/**
 * Progress counts analysed, failed and done photos; the rest of what is done was known already. Files that failed
 * while being listed count as failed but not as done, hence the floor at zero (the final counts are exact).
 */
function applyProgress(report: ScanReport, p: ScanProgress): void {
  report.found = p.total;
  report.done = p.done;
  report.analysed = p.analysed;
  report.faces = p.faces;
  report.failed = p.failed;
  report.unchanged = Math.max(0, p.done - p.analysed - p.failed);
}
