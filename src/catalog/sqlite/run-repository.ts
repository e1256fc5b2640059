import type { RunRecord, ScanError } from '../catalog.js';
import type { SqliteDatabase } from './connection.js';
import { inWriteTransaction } from './write-transaction.js';

interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  root: string;
  pack: string;
  stats: string;
}

export interface CatalogCounts {
  photos: number;
  faces: number;
  people: number;
  files: number;
  errors: number;
}

/** Scan runs, per-path scan errors, and the overall counts shown by `status`. */
export class RunRepository {
  private readonly insertRun;
  private readonly runState;
  private readonly finishRunStatement;
  private readonly lastRunStatement;
  private readonly upsertError;
  private readonly deleteError;
  private readonly listErrorsStatement;
  private readonly countsStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.insertRun = db.prepare<[string, string, string]>(
      "INSERT INTO runs (started_at, root, pack, stats) VALUES (?, ?, ?, '{}')",
    );
    this.runState = db.prepare<[number], { finished_at: string | null }>('SELECT finished_at FROM runs WHERE id = ?');
    this.finishRunStatement = db.prepare<[string, string, number]>('UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?');
    this.lastRunStatement = db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY id DESC LIMIT 1');
    this.upsertError = db.prepare<[string, string, string]>(`
      INSERT INTO errors (path, reason, at) VALUES (?, ?, ?)
      ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, at = excluded.at
    `);
    this.deleteError = db.prepare<[string]>('DELETE FROM errors WHERE path = ?');
    this.listErrorsStatement = db.prepare<[], ScanError>('SELECT path, reason, at FROM errors ORDER BY path');
    this.countsStatement = db.prepare<[], CatalogCounts>(`
      SELECT
        (SELECT count(*) FROM photos) AS photos,
        (SELECT count(*) FROM faces) AS faces,
        (SELECT count(*) FROM people) AS people,
        (SELECT count(*) FROM files) AS files,
        (SELECT count(*) FROM errors) AS errors
    `);
  }

  startRun(root: string, pack: string): number {
    return Number(this.insertRun.run(new Date().toISOString(), root, pack).lastInsertRowid);
  }

  finishRun(runId: number, stats: Record<string, number>): void {
    for (const [key, value] of Object.entries(stats)) {
      if (!Number.isFinite(value)) throw new Error(`finishRun(${runId}): stat "${key}" is not a finite number: ${value}`);
    }
    inWriteTransaction(this.db, () => {
      const run = this.runState.get(runId);
      if (!run) throw new Error(`unknown run id ${runId}`);
      if (run.finished_at !== null) throw new Error(`run ${runId} already finished at ${run.finished_at}`);
      this.finishRunStatement.run(new Date().toISOString(), JSON.stringify(stats), runId);
    });
  }

  /** The most recently started run, finished or not. */
  lastRun(): RunRecord | null {
    const row = this.lastRunStatement.get();
    if (!row) return null;
    return {
      id: row.id,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      root: row.root,
      pack: row.pack,
      stats: JSON.parse(row.stats) as Record<string, number>,
    };
  }

  /** One error per path: a later failure replaces the earlier reason. */
  recordError(path: string, reason: string, at?: string): void {
    this.upsertError.run(path, reason, at ?? new Date().toISOString());
  }

  clearError(path: string): void {
    this.deleteError.run(path);
  }

  listErrors(): ScanError[] {
    return this.listErrorsStatement.all();
  }

  counts(): CatalogCounts {
    return this.countsStatement.get()!;
  }
}
