import neo4j from 'neo4j-driver';
import type { RunRecord, ScanError } from '../catalog.js';
import type { Transaction } from './connection.js';

export interface CatalogCounts {
  photos: number;
  faces: number;
  people: number;
  files: number;
  errors: number;
}

/**
 * Scan runs, per-path scan errors, and the overall counts shown by `status`.
 * A run's stats are stored as a JSON string: Neo4j properties cannot be maps.
 */
export class RunRepository {
  async startRun(tx: Transaction, root: string, pack: string): Promise<number> {
    const result = await tx.run(
      `MERGE (c:Counter {name: 'run'}) ON CREATE SET c.value = 0
       SET c.value = c.value + 1
       CREATE (r:Run {id: c.value, startedAt: $startedAt, root: $root, pack: $pack, stats: '{}'})
       RETURN r.id AS id`,
      { startedAt: new Date().toISOString(), root, pack },
    );
    return result.records[0]!.get('id') as number;
  }

  async finishRun(tx: Transaction, runId: number, stats: Record<string, number>): Promise<void> {
    for (const [key, value] of Object.entries(stats)) {
      if (!Number.isFinite(value)) throw new Error(`finishRun(${runId}): stat "${key}" is not a finite number: ${value}`);
    }
    const id = Number.isInteger(runId) ? neo4j.int(runId) : runId;
    const run = await tx.run('MATCH (r:Run {id: $id}) RETURN r.finishedAt AS finishedAt', { id });
    if (run.records.length === 0) throw new Error(`unknown run id ${runId}`);
    const finishedAt = run.records[0]!.get('finishedAt') as string | null;
    if (finishedAt !== null) throw new Error(`run ${runId} already finished at ${finishedAt}`);
    await tx.run('MATCH (r:Run {id: $id}) SET r.finishedAt = $finishedAt, r.stats = $stats', {
      id,
      finishedAt: new Date().toISOString(),
      stats: JSON.stringify(stats),
    });
  }

  /** The most recently started run, finished or not. */
  async lastRun(tx: Transaction): Promise<RunRecord | null> {
    const result = await tx.run(
      `MATCH (r:Run)
       RETURN r.id AS id, r.startedAt AS startedAt, r.finishedAt AS finishedAt, r.root AS root, r.pack AS pack, r.stats AS stats
       ORDER BY r.id DESC LIMIT 1`,
    );
    const record = result.records[0];
    if (!record) return null;
    return {
      id: record.get('id') as number,
      startedAt: record.get('startedAt') as string,
      finishedAt: record.get('finishedAt') as string | null,
      root: record.get('root') as string,
      pack: record.get('pack') as string,
      stats: JSON.parse(record.get('stats') as string) as Record<string, number>,
    };
  }

  /** One error per path: a later failure replaces the earlier reason. */
  async recordError(tx: Transaction, path: string, reason: string, at?: string): Promise<void> {
    await tx.run('MERGE (e:ScanError {path: $path}) SET e.reason = $reason, e.at = $at', {
      path,
      reason,
      at: at ?? new Date().toISOString(),
    });
  }

  async clearError(tx: Transaction, path: string): Promise<void> {
    await tx.run('MATCH (e:ScanError {path: $path}) DELETE e', { path });
  }

  async listErrors(tx: Transaction): Promise<ScanError[]> {
    const result = await tx.run('MATCH (e:ScanError) RETURN e.path AS path, e.reason AS reason, e.at AS at ORDER BY path');
    return result.records.map((record) => ({
      path: record.get('path') as string,
      reason: record.get('reason') as string,
      at: record.get('at') as string,
    }));
  }

  /** Label counts come from Neo4j's count store: constant time whatever the size of the catalog. */
  async counts(tx: Transaction): Promise<CatalogCounts> {
    const result = await tx.run(`
      RETURN COUNT { MATCH (:Photo) } AS photos, COUNT { MATCH (:Face) } AS faces, COUNT { MATCH (:Person) } AS people,
        COUNT { MATCH (:File) } AS files, COUNT { MATCH (:ScanError) } AS errors`);
    const record = result.records[0]!;
    return {
      photos: record.get('photos') as number,
      faces: record.get('faces') as number,
      people: record.get('people') as number,
      files: record.get('files') as number,
      errors: record.get('errors') as number,
    };
  }
}
