import type { FaceVectorChange } from './face-vector-log.js';
import type { FollowedIndex } from './approximate-neighbours.js';

/**
 * Applies logged face changes to an index, oldest first. Idempotent, so replaying from an older point than the
 * index's content (a file saved after its state was recorded) still ends in the catalog's state: an added face
 * replaces any vector under its key (faces.num can be reused after a delete), a face gone by now is skipped (its
 * delete comes later in the log), and removing an absent key does nothing.
 */
export function replayChanges(
  followed: FollowedIndex,
  changes: readonly FaceVectorChange[],
  embeddingOf: (num: number) => Float32Array | undefined,
): void {
  const { index } = followed;
  for (const change of changes) {
    if (index.contains(change.num)) {
      index.remove([change.num]);
      followed.keySum -= change.num;
    }
    const embedding = change.added ? embeddingOf(change.num) : undefined;
    if (embedding) {
      index.add([change.num], embedding);
      followed.keySum += change.num;
    }
    followed.unsaved++;
  }
}
