import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import type { StoredPhoto } from '../../catalog/catalog.js';
import { readLibrarySnapshot, type ExportCatalog } from '../library-snapshot.js';
import { applyNameActions, type AppliedCounts, type NameWriter } from './apply-import.js';
import { matchRegions, type RegionMatch } from './match-regions.js';
import { nameActions, type NameAction } from './name-actions.js';
import { planImport, type ImportConflict } from './plan-import.js';
import { readPhotoRegions } from './read-photo-regions.js';

export interface ImportOptions {
  /** Let the files win over the user's earlier decisions and settle the other conflicts (see planImport). */
  overwrite?: boolean;
  /** Work everything out and report it, change nothing. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportReport {
  /** Library photos at or below the given paths. */
  photos: number;
  regionsRead: number;
  matched: number;
  /** Regions no face facetag found overlaps: listed, nothing imported for them. */
  unmatched: { photoPath: string; name: string }[];
  /** Regions without a name. */
  unnamedRegions: number;
  /** Names digiKam gave a whole photo, without a region: nothing to match. */
  photoLevelNames: { photoPath: string; names: string[] }[];
  conflicts: ImportConflict[];
  /** Faces already under the same name by the user's decision. */
  alreadyNamed: number;
  /** What is (or with dryRun would be) done, name by name. */
  actions: NameAction[];
  /** The counts of those actions (done, or with dryRun planned). */
  counts: AppliedCounts;
  /** Files that could not be read (each names the file), and paths that hold no photo of the library. */
  errors: string[];
  /** Photos in a bucket, not read: import reads sidecars beside photos on disk only. */
  bucketPhotos: number;
}

/** Reads the face regions other programs wrote for the library's photos under `paths` and names the faces they show. */
export async function importFaceNames(catalog: ExportCatalog, writer: NameWriter, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  const snapshot = await readLibrarySnapshot(catalog);
  const roots = paths.map((p) => path.resolve(p));
  const inScope = snapshot.photos.filter((photo) => roots.some((root) => isAtOrBelow(photo.path, root)));
  const report: ImportReport = {
    photos: 0, regionsRead: 0, matched: 0, unmatched: [], unnamedRegions: 0, photoLevelNames: [], conflicts: [],
    alreadyNamed: 0, actions: [], counts: { peopleCreated: 0, peopleNamed: 0, facesNamed: 0 }, errors: [], bucketPhotos: 0,
  };
  for (const root of roots) {
    if (!inScope.some((photo) => isAtOrBelow(photo.path, root))) report.errors.push(`no photo of the library is at or below ${root} (scan it first)`);
  }
  const onDisk = inScope.filter((photo) => !photo.path.startsWith('s3://'));
  report.bucketPhotos = inScope.length - onDisk.length;
  report.photos = onDisk.length;

  const matched: { path: string; matches: RegionMatch[] }[] = [];
  // Our own instance, ended below, as the export does (xmp-sidecar.ts).
  const exiftool = new ExifTool({ maxProcs: 1, useMWG: false });
  try {
    for (const [i, photo] of onDisk.entries()) {
      matched.push({ path: photo.path, matches: await readAndMatch(exiftool, photo, snapshot.facesByPhoto.get(photo.sha256) ?? [], report) });
      options.onProgress?.(i + 1, onDisk.length);
    }
  } finally {
    await exiftool.end();
  }

  const plan = planImport(matched, snapshot.peopleById, options.overwrite === true);
  report.conflicts = plan.conflicts;
  report.alreadyNamed = plan.alreadyNamed;
  report.actions = nameActions(plan.namings, snapshot.people);
  report.counts = options.dryRun ? plannedCounts(report.actions) : await applyNameActions(writer, report.actions);
  return report;
}

async function readAndMatch(exiftool: ExifTool, photo: StoredPhoto, faces: Parameters<typeof matchRegions>[1], report: ImportReport): Promise<RegionMatch[]> {
  const read = await readPhotoRegions(exiftool, photo.path);
  report.errors.push(...read.errors);
  report.unnamedRegions += read.unnamed;
  if (read.photoLevelNames.length > 0) report.photoLevelNames.push({ photoPath: photo.path, names: read.photoLevelNames });
  report.regionsRead += read.regions.length;
  const matches = matchRegions(read.regions, faces, photo.width, photo.height);
  for (const match of matches) {
    if (match.face === null) report.unmatched.push({ photoPath: photo.path, name: match.region.name });
    else report.matched += 1;
  }
  return matches;
}

function plannedCounts(actions: readonly NameAction[]): AppliedCounts {
  return {
    peopleCreated: actions.filter((a) => a.kind === 'create').length,
    peopleNamed: actions.filter((a) => a.kind === 'name').length,
    facesNamed: actions.reduce((sum, a) => sum + a.faceIds.length, 0),
  };
}

function isAtOrBelow(photoPath: string, root: string): boolean {
  return photoPath === root || photoPath.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}
