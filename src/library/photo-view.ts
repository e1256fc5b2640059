import type { Catalog, StoredPhoto } from '../catalog/catalog.js';
import type { FaceView } from '../people/face-view.js';

/** A photo as programs see it (docs/http-api.md "Photo"). */
export interface PhotoView {
  id: string;
  /** Where the photo was found (a file path or s3:// URL), as the catalog knows it. */
  path: string;
  width: number;
  height: number;
  takenAt: string | null;
  faces: number;
}

export interface PhotoDetails extends PhotoView {
  faceList: FaceView[];
}

export function toPhotoView(photo: StoredPhoto, faces: number): PhotoView {
  return { id: photo.sha256, path: photo.path, width: photo.width, height: photo.height, takenAt: photo.takenAt, faces };
}

/** Views with face counts: one face query per photo, so the cost follows the page, not the library. */
export function photoViews(catalog: Catalog, photos: readonly StoredPhoto[]): Promise<PhotoView[]> {
  return Promise.all(photos.map(async (photo) => toPhotoView(photo, (await catalog.listFaces({ photoSha256: photo.sha256 })).length)));
}

/** Capture order (EXIF time as stored), photos without one last; then by path, as the person timeline. */
export function byCaptureTime(a: StoredPhoto, b: StoredPhoto): number {
  return (
    Number(a.takenAt === null) - Number(b.takenAt === null) ||
    (a.takenAt ?? '').localeCompare(b.takenAt ?? '') ||
    a.path.localeCompare(b.path) ||
    a.sha256.localeCompare(b.sha256)
  );
}
