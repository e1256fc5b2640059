import { unknownFaceError } from '../catalog-errors.js';
import type { SqliteDatabase } from './connection.js';
import { inWriteTransaction } from './write-transaction.js';

/**
 * Decisions about a face that are not "this is person X": not a face at all (kept in not_a_face, with the face as the
 * user's "nobody" so clustering leaves it alone), and taking decisions back (undo).
 */
export class FaceDecisionRepository {
  private readonly faceExists;
  private readonly markStatement;
  private readonly makeNobody;
  private readonly listStatement;
  private readonly unmarkStatement;
  private readonly forgetStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.faceExists = db.prepare<[string], number>('SELECT 1 FROM faces WHERE id = ?').pluck();
    this.markStatement = db.prepare<[string, string]>(
      'INSERT INTO not_a_face (face_id, marked_at) VALUES (?, ?) ON CONFLICT (face_id) DO NOTHING',
    );
    this.makeNobody = db.prepare<[string]>("UPDATE faces SET person_id = NULL, source = 'user' WHERE id = ?");
    this.listStatement = db.prepare<[], string>('SELECT face_id FROM not_a_face ORDER BY face_id').pluck();
    this.unmarkStatement = db.prepare<[string]>('DELETE FROM not_a_face WHERE face_id = ?');
    this.forgetStatement = db.prepare<[string]>('UPDATE faces SET person_id = NULL, source = NULL WHERE id = ?');
  }

  markNotAFace(faceIds: readonly string[]): void {
    inWriteTransaction(this.db, () => {
      this.requireFaces(faceIds);
      const at = new Date().toISOString();
      for (const faceId of faceIds) {
        this.markStatement.run(faceId, at);
        this.makeNobody.run(faceId);
      }
    });
  }

  listNotAFaces(): string[] {
    return this.listStatement.all();
  }

  /** Part of a user assignment to a person, inside its transaction: the latest user decision wins. */
  liftNotAFace(faceId: string): void {
    this.unmarkStatement.run(faceId);
  }

  forgetAssignments(faceIds: readonly string[]): void {
    inWriteTransaction(this.db, () => {
      this.requireFaces(faceIds);
      for (const faceId of faceIds) {
        this.forgetStatement.run(faceId);
        this.unmarkStatement.run(faceId);
      }
    });
  }

  private requireFaces(faceIds: readonly string[]): void {
    for (const faceId of faceIds) if (this.faceExists.get(faceId) === undefined) throw unknownFaceError(faceId);
  }
}
