import type { Catalog, StoredPhoto } from '../catalog/catalog.js';
import { personNames, toFaceView } from '../people/face-view.js';
import { requirePersonById } from '../people/person-lookup.js';
import { NotFoundError } from './library-errors.js';
import { pageOf, type Page, type PageRequest } from './page.js';
import { byCaptureTime, photoViews, type PhotoDetails, type PhotoView } from './photo-view.js';

export interface PhotoQuery extends PageRequest {
  /** Person ids: only photos showing every one of them. */
  people?: readonly string[];
  /** YYYY-MM-DD, inclusive, on the capture time; photos without one are left out when a range is asked for. */
  from?: string;
  to?: string;
}

/**
 * A page of photos in capture order. The people filter is the catalog's own query; the date range is applied here,
 * over the photos it returns. An index on takenAt in the catalog (a `photos(query)` with a range) belongs here
 * once a library's photo list is too long to read per request.
 */
export async function listPhotosPage(catalog: Catalog, query: PhotoQuery = {}): Promise<Page<PhotoView>> {
  const people = [...new Set(query.people ?? [])];
  // Unknown people are an error, not an empty answer: a mistyped id should not look like "no photos together".
  for (const id of people) await requirePersonById(catalog, id);
  const photos = (await catalog.photosWithPeople(people)).filter(inRange(query.from, query.to)).sort(byCaptureTime);
  const page = pageOf(photos, query);
  return { total: page.total, items: await photoViews(catalog, page.items) };
}

/** One photo with its faces (in detection order). */
export async function photoDetails(catalog: Catalog, sha256: string): Promise<PhotoDetails> {
  const photo = await requirePhoto(catalog, sha256);
  const faces = await catalog.listFaces({ photoSha256: sha256 });
  const names = await personNames(catalog);
  return { ...(await photoViews(catalog, [photo]))[0]!, faceList: faces.sort((a, b) => a.index - b.index).map((f) => toFaceView(f, names)) };
}

export async function requirePhoto(catalog: Catalog, sha256: string): Promise<StoredPhoto> {
  const photo = await catalog.getPhoto(sha256);
  if (!photo) throw new NotFoundError(`no photo ${sha256}`);
  return photo;
}

/**
 * takenAt is an ISO instant (UTC, from the EXIF time as read). A day is compared on its first 10 characters, so
 * `to=2024-05-01` keeps the whole of that day.
 */
export function inRange(from: string | undefined, to: string | undefined): (photo: StoredPhoto) => boolean {
  if (from === undefined && to === undefined) return () => true;
  return (photo) => {
    if (photo.takenAt === null) return false;
    const day = photo.takenAt.slice(0, 10);
    return (from === undefined || day >= from) && (to === undefined || day <= to);
  };
}
