import { unknownFaceError } from '../catalog-errors.js';
import type { CoAppearanceTracker } from './co-appearances.js';
import type { Transaction } from './connection.js';

/**
 * Decisions about a face that are not "this is person X": not a face at all, kept as the label :NotAFace on the face
 * (with the face as the user's "nobody", decidedNobody, so clustering leaves it alone), and taking decisions back.
 * A label rather than a property: listing the marked faces is then a label scan, and no index is needed.
 */
export class FaceDecisionRepository {
  markNotAFace(tx: Transaction, faceIds: readonly string[], coAppearances: CoAppearanceTracker): Promise<void> {
    return this.unassign(tx, faceIds, coAppearances, 'SET f:NotAFace, f.decidedNobody = true');
  }

  async listNotAFaces(tx: Transaction): Promise<string[]> {
    const result = await tx.run('MATCH (f:NotAFace) RETURN f.id AS id ORDER BY id');
    return result.records.map((record) => record.get('id') as string);
  }

  /** Part of user assignments to people, inside their transaction: the latest user decision wins. */
  async liftNotAFace(tx: Transaction, faceIds: readonly string[]): Promise<void> {
    if (faceIds.length === 0) return;
    await tx.run('UNWIND $ids AS id MATCH (f:NotAFace {id: id}) REMOVE f:NotAFace', { ids: [...new Set(faceIds)] });
  }

  forgetAssignments(tx: Transaction, faceIds: readonly string[], coAppearances: CoAppearanceTracker): Promise<void> {
    return this.unassign(tx, faceIds, coAppearances, 'REMOVE f:NotAFace, f.decidedNobody');
  }

  /** Takes the faces out of their people (their photos' co-appearances are recounted), then applies `mark` to each. */
  private async unassign(tx: Transaction, faceIds: readonly string[], coAppearances: CoAppearanceTracker, mark: string): Promise<void> {
    const ids = await this.requireFaces(tx, faceIds);
    await coAppearances.touchFaces(tx, ids);
    await tx.run(
      `UNWIND $ids AS id
       MATCH (f:Face {id: id})
       CALL (f) { MATCH (f)-[old:OF]->() DELETE old }
       ${mark}`,
      { ids },
    );
  }

  /** The distinct ids, after checking that each names a face (the first unknown one, in order, is the error). */
  private async requireFaces(tx: Transaction, faceIds: readonly string[]): Promise<string[]> {
    const ids = [...new Set(faceIds)];
    if (ids.length === 0) return ids;
    const result = await tx.run('UNWIND $ids AS id MATCH (f:Face {id: id}) RETURN f.id AS id', { ids });
    const known = new Set(result.records.map((record) => record.get('id') as string));
    for (const id of ids) if (!known.has(id)) throw unknownFaceError(id);
    return ids;
  }
}
