import type { FaceVectorChange } from './face-vector-log.js';
import type { FollowedIndex } from './approximate-neighbours.js';

/**
 * Applies logged face changes to an index, oldest first. Idempotent, so replaying from an older point than the
 * index's content (a file saved after its state was recorded) still ends in the catalog's state: an added face
 * replaces any vector under its key (faces.num can be reused after a delete), a face gone by now is skipped (its
 * delete comes later in the log), and removing an absent key does nothing. Runs of adds go to the index as one
 * batch (the index adds a batch on every core, then checks that a search finds each), cut wherever a key comes back.
 */
export function replayChanges(
  followed: FollowedIndex,
  changes: readonly FaceVectorChange[],
  embeddingOf: (num: number) => Float32Array | undefined,
): void {
  const { index } = followed;
  const pending = new Map<number, Float32Array>();
  const addPending = () => {
    if (pending.size === 0) return;
    const vectors = new Float32Array(pending.size * index.dimensions);
    [...pending.values()].forEach((vector, i) => vectors.set(vector, i * index.dimensions));
    const keys = [...pending.keys()];
    index.add(keys, vectors);
    index.keepReachable(keys, vectors);
    for (const num of keys) followed.keySum += num;
    pending.clear();
  };
  for (const change of changes) {
    if (pending.has(change.num)) addPending();
    if (index.contains(change.num)) {
      index.remove([change.num]);
      followed.keySum -= change.num;
    }
    const embedding = change.added ? embeddingOf(change.num) : undefined;
    if (embedding) pending.set(change.num, embedding);
    followed.unsaved++;
  }
  addPending();
}
