import type { Neighbour } from '../catalog.js';
import type { ApproximateIndex, ApproximateIndexKind } from '../ann/approximate-index.js';
import { candidateCount, rerankExactly } from '../ann/exact-rerank.js';
import type { SqliteDatabase } from './connection.js';
import type { FaceVectorLog } from './face-vector-log.js';
import { IndexFiles } from './index-files.js';
import { replayChanges } from './replay-changes.js';

/** An index this process holds, and how far into the change log it is. */
export interface FollowedIndex {
  index: ApproximateIndex;
  appliedSeq: number;
  keySum: number;
  /** Changes applied since the file was last saved. */
  unsaved: number;
}

/**
 * Saving costs a full write of the file; a kill loses at most this many changes' worth of replay on the next open,
 * never data (the log keeps them until a save).
 */
const SAVE_EVERY_CHANGES = 20_000;

/**
 * The approximate indexes of one catalog connection, kept in step with the catalog (the truth) through its change
 * log: every query first replays the changes other transactions and processes committed, so answers never miss a
 * face the exact search would see. Files live beside the catalog; an in-memory catalog keeps them in memory.
 */
export class ApproximateNeighbours {
  private readonly followed = new Map<number, FollowedIndex>();
  private readonly files: IndexFiles;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly log: FaceVectorLog,
    kind: ApproximateIndexKind,
    catalogFile: string | null,
    private readonly report: (message: string) => void,
  ) {
    this.files = new IndexFiles(db, log, kind, catalogFile);
  }

  isFollowing(vectorIndex: number): boolean {
    return this.followed.has(vectorIndex);
  }

  nearest(vectorIndex: number, embedding: Float32Array, k: number): Neighbour[] {
    const followed = this.current(vectorIndex, embedding.length);
    const found = followed.index.search(embedding, Math.min(candidateCount(k), followed.index.size()));
    return rerankExactly(embedding, this.log.faces(vectorIndex, found.keys), k);
  }

  /** Saves every index with unsaved changes, then forgets them, and the changes no index follows. */
  close(): void {
    for (const [vectorIndex, followed] of this.followed) if (followed.unsaved > 0) this.files.save(vectorIndex, followed);
    this.followed.clear();
    this.log.pruneUnfollowed();
  }

  /** The index with every committed change applied: opened, repaired or rebuilt as needed. */
  private current(vectorIndex: number, dimensions: number): FollowedIndex {
    let followed = this.followed.get(vectorIndex);
    if (followed && !this.catchUp(vectorIndex, followed)) followed = undefined;
    if (!followed) {
      followed = this.open(vectorIndex, dimensions);
      this.followed.set(vectorIndex, followed);
    }
    if (followed.unsaved >= SAVE_EVERY_CHANGES) this.files.save(vectorIndex, followed);
    return followed;
  }

  /**
   * Applies the changes committed since the index last looked, in one read snapshot. False when another process
   * saved a newer file meanwhile (and may have pruned the changes this index would need): reopen from the file.
   */
  private catchUp(vectorIndex: number, followed: FollowedIndex): boolean {
    if (this.log.highWater() === followed.appliedSeq) return true;
    return this.db.transaction(() => {
      const highWater = this.log.highWater();
      const state = this.log.state(vectorIndex);
      if (state && state.savedSeq > followed.appliedSeq) return false;
      for (const changes of this.log.changesSince(vectorIndex, followed.appliedSeq)) {
        replayChanges(followed, changes, (num) => this.log.face(vectorIndex, num)?.embedding);
      }
      followed.appliedSeq = highWater;
      return true;
    })();
  }

  /** The saved file, repaired by replaying the log, when it agrees with the catalog; else a rebuild from the catalog. */
  private open(vectorIndex: number, dimensions: number): FollowedIndex {
    const loaded = this.files.load(vectorIndex, dimensions);
    if ('problem' in loaded) {
      if (loaded.problem !== 'none saved yet') this.report(`${loaded.problem}; rebuilding it from the catalog`);
      return this.rebuild(vectorIndex, dimensions);
    }
    const followed = loaded.followed;
    const expected = this.log.contentOf(vectorIndex);
    if (this.catchUp(vectorIndex, followed) && followed.index.size() === expected.faces && followed.keySum === expected.keySum) {
      return followed;
    }
    this.report(
      `${this.files.describe(vectorIndex)} disagrees with the catalog after replaying its changes ` +
        `(${followed.index.size()} faces, catalog ${expected.faces}); rebuilding it from the catalog`,
    );
    return this.rebuild(vectorIndex, dimensions);
  }

  /** Every face of the index, streamed from the catalog in batches, then the changes committed meanwhile; saved. */
  private rebuild(vectorIndex: number, dimensions: number): FollowedIndex {
    const startedAt = performance.now();
    const followed: FollowedIndex = {
      index: this.files.kind.create(dimensions),
      appliedSeq: this.log.startRebuild(vectorIndex),
      keySum: 0,
      unsaved: 0,
    };
    for (const batch of this.log.facesOf(vectorIndex, dimensions)) {
      followed.index.add(batch.nums, batch.vectors);
      for (const num of batch.nums) followed.keySum += num;
    }
    // Once every face is in: a face can lose the last link to it while later faces are inserted.
    let apart = 0;
    for (const batch of this.log.facesOf(vectorIndex, dimensions)) apart += followed.index.keepReachable(batch.nums, batch.vectors);
    // Another process saved a newer file while this one built: take that one.
    if (!this.catchUp(vectorIndex, followed)) return this.open(vectorIndex, dimensions);
    this.files.save(vectorIndex, followed);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    if (this.files.isOnDisk) {
      this.report(`built ${this.files.describe(vectorIndex)}: ${followed.index.size()} faces in ${seconds} s (${apart} its graph does not reach, searched exactly)`);
    }
    return followed;
  }
}
