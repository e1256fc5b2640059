import type { RunRecord, ScanError, StoredPerson, StoredPhoto } from '../catalog/catalog.js';
import type { FaceView } from '../people/face-view.js';

/**
 * Whole catalog records, for programs (and the CLI's --json output) that want every field the catalog keeps rather
 * than the slimmer views of the paginated calls.
 */

/** A person with counts and the path of the photo showing their best face (for display). */
export type PersonSummary = StoredPerson;

/** A photo as the catalog records it: content hash, size, format, capture time, GPS, camera, first path, pack. */
export type PhotoRecord = StoredPhoto;

/** One face of a person with the path of the photo it is on (null should the photo be gone meanwhile). */
export interface FaceOnPhoto extends FaceView {
  photoPath: string | null;
}

/** Where a library lives, what it holds and its last scan (what `facetag status` prints). */
export interface LibrarySummary {
  library: string;
  /** The catalog backend and where it is (a file or a server, never a password). */
  catalog: string;
  /** Where face crops are kept. */
  crops: string;
  /** The model pack of the library's embeddings; null before the first scan chooses one. */
  pack: string | null;
  counts: { photos: number; faces: number; people: number; files: number; errors: number };
  lastRun: RunRecord | null;
}

export type { RunRecord, ScanError };
