import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { ApproximateIndexKind } from '../ann/approximate-index.js';
import type { FollowedIndex } from './approximate-neighbours.js';
import type { SqliteDatabase } from './connection.js';
import type { FaceVectorLog } from './face-vector-log.js';

/**
 * Where the approximate index files of a catalog live (beside it: `<catalog>.faces-<vector index>.<kind>`, a name
 * made only from the catalog's own path and ids) and how they are written so that a kill never leaves a torn file
 * under that name. An in-memory catalog has no files: saving only records the state, so the log can be pruned.
 */
export class IndexFiles {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly log: FaceVectorLog,
    readonly kind: ApproximateIndexKind,
    private readonly catalogFile: string | null,
  ) {}

  get isOnDisk(): boolean {
    return this.catalogFile !== null;
  }

  describe(vectorIndex: number): string {
    return `approximate index ${this.pathOf(vectorIndex) ?? `${vectorIndex} (in memory)`}`;
  }

  /** The saved index with the state it was saved at, or why there is none to use. */
  load(vectorIndex: number, dimensions: number): { followed: FollowedIndex } | { problem: string } {
    const file = this.pathOf(vectorIndex);
    const state = this.log.state(vectorIndex);
    if (file === null || state?.faces == null || state.keySum == null) return { problem: 'none saved yet' };
    if (state.unreachableNums === null) return { problem: `approximate index ${file} was saved before its faces were checked for reachability` };
    // A damaged file can make the index library allocate gigabytes before it fails; its size gives most damage away.
    const bytes = existsSync(file) ? statSync(file).size : null;
    if (bytes !== state.fileBytes) {
      return { problem: `approximate index ${file}: ${bytes === null ? 'no such file' : `${bytes} bytes, but ${state.fileBytes} were saved`}` };
    }
    try {
      const index = this.kind.open(file, dimensions);
      if (index.size() !== state.faces) {
        return { problem: `approximate index ${file} holds ${index.size()} faces, but ${state.faces} were saved` };
      }
      // The faces its graph does not reach, searched exactly; a face deleted since is skipped (the log removes it).
      const apart = this.log.vectorsOf(vectorIndex, JSON.parse(state.unreachableNums) as number[], dimensions);
      index.keepApart(apart.nums, apart.vectors);
      return { followed: { index, appliedSeq: state.savedSeq, keySum: state.keySum, unsaved: 0 } };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Writes the index to a temporary file, then, holding the catalog's write lock, renames it into place and records
   * what it holds, unless another process saved a newer one meanwhile. A kill before the rename leaves the old file.
   */
  save(vectorIndex: number, followed: FollowedIndex): void {
    const file = this.pathOf(vectorIndex);
    const temporary = file && `${file}.${process.pid}.tmp`;
    try {
      if (temporary) followed.index.save(temporary);
      this.db
        .transaction(() => {
          const state = this.log.state(vectorIndex);
          if (state && state.savedSeq > followed.appliedSeq) return;
          const fileBytes = temporary ? statSync(temporary).size : 0;
          if (file && temporary) renameSync(temporary, file);
          const { index } = followed;
          this.log.recordSaved(vectorIndex, followed.appliedSeq, { faces: index.size(), keySum: followed.keySum, fileBytes, unreachable: index.unreachable() });
          followed.unsaved = 0;
        })
        .immediate();
    } finally {
      if (temporary) rmSync(temporary, { force: true });
    }
  }

  private pathOf(vectorIndex: number): string | null {
    return this.catalogFile === null ? null : `${this.catalogFile}.faces-${vectorIndex}.${this.kind.extension}`;
  }
}
