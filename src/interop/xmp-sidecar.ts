import { constants } from 'node:fs';
import { access, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ExifTool, type WriteTags } from 'exiftool-vendored';
import type { StoredPhoto } from '../catalog/catalog.js';
import { faceRegions, type FaceRegionPolicy } from './face-regions.js';
import { readLibrarySnapshot, type ExportCatalog, type LibrarySnapshot } from './library-snapshot.js';
import { sidecarPath, type SidecarPathOptions } from './sidecar-path.js';
import { regionTags } from './xmp-region-tags.js';

export type { SidecarNaming } from './sidecar-path.js';

export interface XmpSidecarProgress {
  done: number;
  total: number;
  /** The photo just handled. */
  path: string;
  sidecar: string;
  outcome: 'written' | 'skipped' | 'error';
}

export interface WriteXmpSidecarsOptions extends SidecarPathOptions, FaceRegionPolicy {
  onProgress?: (progress: XmpSidecarProgress) => void;
}

export interface SidecarError {
  /** The photo whose sidecar could not be written. */
  path: string;
  /** Names the sidecar file and says what went wrong. */
  reason: string;
}

export interface XmpSidecarReport {
  written: number;
  /** Photos with no face to write; their sidecars, if any, are left exactly as they were. */
  skipped: number;
  errors: SidecarError[];
}

/**
 * Writes one XMP sidecar per photo with its face regions (MWG and Microsoft Photo, see xmp-region-tags.ts).
 *
 * exiftool edits an existing sidecar rather than replacing it: a user's keywords, rating, captions and any
 * other tag stay; only the two region structures are replaced by facetag's. A photo that cannot get its
 * sidecar (read-only folder, a directory in the way, ...) is reported in `errors` and the others go on.
 */
export async function writeXmpSidecars(
  catalog: ExportCatalog,
  options: WriteXmpSidecarsOptions = {},
): Promise<XmpSidecarReport> {
  const snapshot = await readLibrarySnapshot(catalog);
  // Our own instance (not the library's shared singleton) so that ending it cannot break another user of exiftool.
  // MWG mode is off: it makes exiftool mirror some tags into EXIF/IPTC, and a sidecar should only get what we ask for.
  const exiftool = new ExifTool({ maxProcs: 1, useMWG: false });
  const report: XmpSidecarReport = { written: 0, skipped: 0, errors: [] };
  const photoOfSidecar = new Map<string, string>();
  try {
    // Fails once, clearly, when exiftool cannot run at all, instead of once per photo.
    await exiftool.version();
    for (const [i, photo] of snapshot.photos.entries()) {
      let sidecar: string;
      try {
        sidecar = sidecarPath(photo.path, options);
      } catch (error) {
        report.errors.push({ path: photo.path, reason: error instanceof Error ? error.message : String(error) });
        options.onProgress?.({ done: i + 1, total: snapshot.photos.length, path: photo.path, sidecar: '', outcome: 'error' });
        continue;
      }
      let outcome: XmpSidecarProgress['outcome'];
      try {
        outcome = await writeOne(exiftool, photo, sidecar, snapshot, options, photoOfSidecar);
        report[outcome] += 1;
      } catch (error) {
        outcome = 'error';
        report.errors.push({ path: photo.path, reason: `Cannot write ${sidecar}: ${await explainFailure(sidecar, error)}` });
      }
      options.onProgress?.({ done: i + 1, total: snapshot.photos.length, path: photo.path, sidecar, outcome });
    }
  } finally {
    await exiftool.end();
  }
  return report;
}

async function writeOne(
  exiftool: ExifTool,
  photo: StoredPhoto,
  sidecar: string,
  snapshot: LibrarySnapshot,
  options: WriteXmpSidecarsOptions,
  photoOfSidecar: Map<string, string>,
): Promise<'written' | 'skipped'> {
  const regions = faceRegions(photo, snapshot.facesByPhoto.get(photo.sha256) ?? [], snapshot.peopleById, options);
  // Writing an empty region list would also wipe regions a user drew in another program: leave such photos alone.
  if (regions.length === 0) return 'skipped';
  if (!(photo.width > 0 && photo.height > 0)) throw new Error(`the catalog has no size for ${photo.path}`);

  const other = photoOfSidecar.get(sidecar);
  if (other !== undefined) {
    throw new Error(`it is already the sidecar of ${other} (photos differing only in extension need naming 'keep-extension')`);
  }
  photoOfSidecar.set(sidecar, photo.path);

  if (options.outDir !== undefined) await mkdir(path.dirname(sidecar), { recursive: true });
  const existing = await lstat(sidecar).catch(() => null);
  // exiftool's own message for this case ("0 image files read") would leave the user guessing.
  if (existing?.isDirectory()) throw new Error('a folder of that name is in the way');
  const result = await exiftool.write(sidecar, regionTags(regions, photo.width, photo.height) as WriteTags, {
    // In place: the sidecar keeps its owner, permissions and hard links, and a read-only sidecar stays unwritten
    // (a plain overwrite would replace the file through its folder). No `_original` backups pile up either.
    writeArgs: ['-overwrite_original_in_place'],
  });
  if (result.created + result.updated === 0) {
    throw new Error(`exiftool changed nothing${result.warnings?.length ? `: ${result.warnings.join('; ')}` : ''}`);
  }
  return 'written';
}

/** exiftool says "Error creating file: X - X" for a read-only or missing folder; say which it is instead. */
async function explainFailure(sidecar: string, error: unknown): Promise<string> {
  const message = (error instanceof Error ? error.message : String(error)).replaceAll(` - ${sidecar}`, '');
  const folder = path.dirname(sidecar);
  const folderProblem = await access(folder, constants.W_OK).then(
    () => null,
    (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? `the folder ${folder} does not exist` : `the folder ${folder} is read-only`),
  );
  return folderProblem === null ? message : `${folderProblem} (exiftool: ${message})`;
}
