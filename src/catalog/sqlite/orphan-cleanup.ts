import type { SqliteDatabase } from './connection.js';

/**
 * Tidies up after paths or faces are dropped (pruning, a path now holding other content, re-analysis):
 * a photo no path reaches goes with its faces, and an unnamed person whose faces were all deleted goes too,
 * since nothing would ever show or find them again. Named people stay: a name is a user decision.
 */
export class OrphanCleanup {
  private readonly countFilesOf;
  private readonly personIdsOnPhoto;
  private readonly deletePhoto;
  private readonly deleteIfAbandoned;

  constructor(db: SqliteDatabase) {
    this.countFilesOf = db.prepare<[string], number>('SELECT count(*) FROM files WHERE sha256 = ?').pluck();
    this.personIdsOnPhoto = db
      .prepare<[string], string>(
        'SELECT DISTINCT person_id FROM faces WHERE photo_sha256 = ? AND person_id IS NOT NULL',
      )
      .pluck();
    // Faces cascade, their vector rows follow through triggers, constraints on those faces cascade too.
    this.deletePhoto = db.prepare<[string]>('DELETE FROM photos WHERE sha256 = ?');
    this.deleteIfAbandoned = db.prepare<{ id: string }>(
      'DELETE FROM people WHERE id = @id AND name IS NULL AND NOT EXISTS (SELECT 1 FROM faces WHERE person_id = @id)',
    );
  }

  /** Deletes those of the photos that no path refers to any more; returns the people whose faces went with them. */
  forgetUnreachablePhotos(sha256s: Iterable<string>): Set<string> {
    const affectedPeople = new Set<string>();
    for (const sha256 of new Set(sha256s)) {
      if (this.countFilesOf.get(sha256)! > 0) continue;
      for (const personId of this.peopleWithFacesOn(sha256)) affectedPeople.add(personId);
      this.deletePhoto.run(sha256);
    }
    return affectedPeople;
  }

  peopleWithFacesOn(sha256: string): string[] {
    return this.personIdsOnPhoto.all(sha256);
  }

  /** Deletes those of the people that have neither a name nor a face left. */
  forgetAbandonedPeople(personIds: Iterable<string>): void {
    for (const id of new Set(personIds)) this.deleteIfAbandoned.run({ id });
  }
}
