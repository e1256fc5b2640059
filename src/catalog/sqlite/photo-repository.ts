import type { StoredFile, StoredPhoto, StorePhotoInput } from '../catalog.js';
import type { FoundFace, PhotoMeta } from '../../domain/types.js';
import { unknownPersonError } from '../catalog-errors.js';
import type { SqliteDatabase } from './connection.js';
import type { FaceRepository } from './face-repository.js';
import type { OrphanCleanup } from './orphan-cleanup.js';
import { validateAddedFaces, validateStorePhotoInput } from '../store-photo-validation.js';
import { inWriteTransaction } from './write-transaction.js';

interface PhotoRow {
  sha256: string;
  width: number;
  height: number;
  format: string;
  taken_at: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  camera: string | null;
  pack: string;
  path: string | null;
}

interface FileRow {
  path: string;
  sha256: string;
  size: number;
  mtime_ms: number;
}

/** A photo's path is the first of its paths in path order, so the answer does not depend on insertion order. */
const PHOTO_SELECT = `
  SELECT p.sha256, p.width, p.height, p.format, p.taken_at, p.gps_lat, p.gps_lon, p.camera, p.pack,
    (SELECT min(f.path) FROM files f WHERE f.sha256 = p.sha256) AS path
  FROM photos p`;

export class PhotoRepository {
  private readonly getFileStatement;
  private readonly shaOfPath;
  private readonly packOfPhoto;
  private readonly insertPhoto;
  private readonly updatePhoto;
  private readonly upsertFile;
  private readonly deleteFile;
  private readonly listFilesStatement;
  private readonly getPhotoStatement;
  private readonly listPhotosStatement;
  private readonly photosWithPeopleStatement;
  private readonly personExists;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly faces: FaceRepository,
    private readonly cleanup: OrphanCleanup,
  ) {
    this.getFileStatement = db.prepare<[string], FileRow>('SELECT path, sha256, size, mtime_ms FROM files WHERE path = ?');
    this.shaOfPath = db.prepare<[string], string>('SELECT sha256 FROM files WHERE path = ?').pluck();
    this.packOfPhoto = db.prepare<[string], string>('SELECT pack FROM photos WHERE sha256 = ?').pluck();
    this.insertPhoto = db.prepare(`
      INSERT INTO photos (sha256, width, height, format, taken_at, gps_lat, gps_lon, camera, pack, scanned_at)
      VALUES (@sha256, @width, @height, @format, @takenAt, @gpsLat, @gpsLon, @camera, @pack, @scannedAt)
    `);
    this.updatePhoto = db.prepare(`
      UPDATE photos SET width = @width, height = @height, format = @format, taken_at = @takenAt, gps_lat = @gpsLat,
        gps_lon = @gpsLon, camera = @camera, pack = @pack, scanned_at = @scannedAt
      WHERE sha256 = @sha256
    `);
    this.upsertFile = db.prepare<FileRow>(`
      INSERT INTO files (path, sha256, size, mtime_ms) VALUES (@path, @sha256, @size, @mtime_ms)
      ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms
    `);
    this.deleteFile = db.prepare<[string]>('DELETE FROM files WHERE path = ?');
    // substr rather than LIKE/GLOB: paths may contain %, _, * or [ and must match literally.
    this.listFilesStatement = db.prepare<{ prefix: string }, FileRow>(`
      SELECT path, sha256, size, mtime_ms FROM files
      WHERE path >= @prefix AND substr(path, 1, length(@prefix)) = @prefix
      ORDER BY path
    `);
    this.getPhotoStatement = db.prepare<[string], PhotoRow>(`${PHOTO_SELECT} WHERE p.sha256 = ?`);
    this.listPhotosStatement = db.prepare<[], PhotoRow>(`${PHOTO_SELECT} ORDER BY path, p.sha256`);
    this.photosWithPeopleStatement = db.prepare<{ people: string; count: number }, PhotoRow>(`
      ${PHOTO_SELECT}
      WHERE p.sha256 IN (
        SELECT photo_sha256 FROM faces
        WHERE person_id IN (SELECT value FROM json_each(@people))
        GROUP BY photo_sha256
        HAVING count(DISTINCT person_id) = @count
      )
      ORDER BY path, p.sha256
    `);
    this.personExists = db.prepare<[string], number>('SELECT 1 FROM people WHERE id = ?').pluck();
  }

  getFile(path: string): StoredFile | null {
    const row = this.getFileStatement.get(path);
    return row ? toStoredFile(row) : null;
  }

  isPhotoScanned(sha256: string, pack: string): boolean {
    return this.packOfPhoto.get(sha256) === pack;
  }

  storePhoto(input: StorePhotoInput): void {
    validateStorePhotoInput(input);
    const { file, meta, pack, faces } = input;
    inWriteTransaction(this.db, () => {
      const storedPack = this.packOfPhoto.get(meta.sha256);
      const affectedPeople = new Set<string>();
      if (storedPack === undefined) {
        this.insertPhoto.run(photoParams(meta, pack));
        this.faces.insertFaces(meta.sha256, pack, faces);
      } else if (storedPack !== pack) {
        // Re-analysis with another pack: the old faces (and their assignments) belong to another embedding space.
        for (const personId of this.cleanup.peopleWithFacesOn(meta.sha256)) affectedPeople.add(personId);
        this.faces.deleteFacesOfPhoto(meta.sha256);
        this.updatePhoto.run(photoParams(meta, pack));
        this.faces.insertFaces(meta.sha256, pack, faces);
      }
      // Same content and pack: the faces are already there, possibly assigned; only the path is (re)recorded.
      this.pointPathAt(file, affectedPeople);
      this.cleanup.forgetAbandonedPeople(affectedPeople);
    });
  }

  addFaces(photoSha256: string, pack: string, faces: readonly FoundFace[]): void {
    validateAddedFaces(photoSha256, pack, faces);
    inWriteTransaction(this.db, () => {
      const storedPack = this.packOfPhoto.get(photoSha256);
      if (storedPack === undefined) throw new Error(`addFaces: no photo with sha256 ${photoSha256} is stored`);
      if (storedPack !== pack) throw new Error(`addFaces: photo ${photoSha256} is analysed with ${storedPack}, not ${pack}`);
      this.faces.insertFaces(photoSha256, pack, faces);
    });
  }

  linkFile(file: StoredFile): void {
    inWriteTransaction(this.db, () => {
      if (this.packOfPhoto.get(file.sha256) === undefined) {
        throw new Error(`linkFile(${file.path}): no photo with sha256 ${file.sha256} is stored; store the photo first`);
      }
      const affectedPeople = new Set<string>();
      this.pointPathAt(file, affectedPeople);
      this.cleanup.forgetAbandonedPeople(affectedPeople);
    });
  }

  listFiles(prefix: string): StoredFile[] {
    return this.listFilesStatement.all({ prefix }).map(toStoredFile);
  }

  removeFiles(paths: readonly string[]): number {
    return inWriteTransaction(this.db, () => {
      const touchedPhotos = new Set<string>();
      let removed = 0;
      for (const path of new Set(paths)) {
        const sha256 = this.shaOfPath.get(path);
        if (sha256 === undefined) continue;
        this.deleteFile.run(path);
        touchedPhotos.add(sha256);
        removed++;
      }
      this.cleanup.forgetAbandonedPeople(this.cleanup.forgetUnreachablePhotos(touchedPhotos));
      return removed;
    });
  }

  getPhoto(sha256: string): StoredPhoto | null {
    const row = this.getPhotoStatement.get(sha256);
    return row ? toStoredPhoto(row) : null;
  }

  listPhotos(): StoredPhoto[] {
    return this.listPhotosStatement.all().map(toStoredPhoto);
  }

  /** With no people given, every photo qualifies. */
  photosWithPeople(personIds: readonly string[]): StoredPhoto[] {
    const people = [...new Set(personIds)];
    for (const id of people) {
      if (this.personExists.get(id) === undefined) throw unknownPersonError(id);
    }
    if (people.length === 0) return this.listPhotos();
    return this.photosWithPeopleStatement
      .all({ people: JSON.stringify(people), count: people.length })
      .map(toStoredPhoto);
  }

  /**
   * Records the path; if it used to hold other content (edited in place), that content may now be unreachable
   * and is forgotten. People who lose faces that way are added to affectedPeople.
   */
  private pointPathAt(file: StoredFile, affectedPeople: Set<string>): void {
    const previousSha = this.shaOfPath.get(file.path);
    this.upsertFile.run({ path: file.path, sha256: file.sha256, size: file.size, mtime_ms: file.mtimeMs });
    if (previousSha !== undefined && previousSha !== file.sha256) {
      for (const personId of this.cleanup.forgetUnreachablePhotos([previousSha])) affectedPeople.add(personId);
    }
  }
}

function photoParams(meta: PhotoMeta, pack: string) {
  return {
    sha256: meta.sha256,
    width: meta.width,
    height: meta.height,
    format: meta.format,
    takenAt: meta.takenAt,
    gpsLat: meta.gps?.lat ?? null,
    gpsLon: meta.gps?.lon ?? null,
    camera: meta.camera,
    pack,
    scannedAt: new Date().toISOString(),
  };
}

function toStoredFile(row: FileRow): StoredFile {
  return { path: row.path, sha256: row.sha256, size: row.size, mtimeMs: row.mtime_ms };
}

function toStoredPhoto(row: PhotoRow): StoredPhoto {
  if (row.path === null) throw new Error(`photo ${row.sha256} has no path; the catalog is inconsistent`);
  return {
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    format: row.format,
    takenAt: row.taken_at,
    gps: row.gps_lat === null || row.gps_lon === null ? null : { lat: row.gps_lat, lon: row.gps_lon },
    camera: row.camera,
    path: row.path,
    pack: row.pack,
  };
}
