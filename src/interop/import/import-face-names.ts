import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import type { StoredPhoto } from '../../catalog/catalog.js';
import { readLibrarySnapshot, type ExportCatalog } from '../library-snapshot.js';
import { addRegionFaces, type AddedFace, type RegionFaceAdder } from './add-region-faces.js';
import { applyNameActions, type AppliedCounts, type NameWriter } from './apply-import.js';
import { matchRegions, type RegionMatch } from './match-regions.js';
import { nameActions, type NameAction } from './name-actions.js';
import { planImport, type ImportConflict } from './plan-import.js';
import { readBucketPhotoRegions, type BucketPhotoFiles } from './bucket-photo-regions.js';
import { readPhotoRegions } from './read-photo-regions.js';

export interface ImportOptions {
  /** Let the files win over the user's earlier decisions and settle the other conflicts (see planImport). */
  overwrite?: boolean;
  /** Work everything out and report it, change nothing. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** `--add-faces`: a named region with no face found becomes a face of its photo (see addRegionFaces). */
  addFaces?: RegionFaceAdder;
  /** How photos scanned from a bucket (s3://bucket/key) and their sidecars are read; without it they are errors. */
  bucket?: BucketPhotoFiles;
}

export interface ImportReport {
  /** Library photos at or below the given paths. */
  photos: number;
  regionsRead: number;
  matched: number;
  /** Regions no face facetag found overlaps: listed, nothing imported for them (reason: why no face was added). */
  unmatched: { photoPath: string; name: string; reason?: string }[];
  /** Faces made from regions with `addFaces` (in a dry run, those that would be). */
  addedFaces: AddedFace[];
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
}

/** Reads the face regions other programs wrote for the library's photos under `paths` and names the faces they show. */
export async function importFaceNames(catalog: ExportCatalog, writer: NameWriter, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  const snapshot = await readLibrarySnapshot(catalog);
  const roots = paths.map((p) => (p.startsWith('s3://') ? p.replace(/\/+$/, '') : path.resolve(p)));
  const inScope = snapshot.photos.filter((photo) => roots.some((root) => isAtOrBelow(photo.path, root)));
  const report: ImportReport = {
    photos: 0, regionsRead: 0, matched: 0, unmatched: [], unnamedRegions: 0, photoLevelNames: [], conflicts: [],
    alreadyNamed: 0, actions: [], counts: { peopleCreated: 0, peopleNamed: 0, facesNamed: 0 }, errors: [], addedFaces: [],
  };
  for (const root of roots) {
    if (!inScope.some((photo) => isAtOrBelow(photo.path, root))) report.errors.push(`no photo of the library is at or below ${root} (scan it first)`);
  }
  report.photos = inScope.length;

  const matched: { path: string; matches: RegionMatch[] }[] = [];
  // Our own instance, ended below, as the export does (xmp-sidecar.ts).
  const exiftool = new ExifTool({ maxProcs: 1, useMWG: false });
  try {
    for (const [i, photo] of inScope.entries()) {
      const faces = snapshot.facesByPhoto.get(photo.sha256) ?? [];
      const matches = await readAndMatch(exiftool, photo, faces, report, options.bucket);
      if (options.addFaces) await addRegionFaces(options.addFaces, photo, faces, matches, report);
      matched.push({ path: photo.path, matches });
      options.onProgress?.(i + 1, inScope.length);
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

async function readAndMatch(exiftool: ExifTool, photo: StoredPhoto, faces: Parameters<typeof matchRegions>[1], report: ImportReport, bucket?: BucketPhotoFiles): Promise<RegionMatch[]> {
  const readFile = (file: string) => readPhotoRegions(exiftool, file);
  const read = !photo.path.startsWith('s3://')
    ? await readFile(photo.path)
    : bucket
      ? await readBucketPhotoRegions(bucket, photo, readFile)
      : { regions: [], unnamed: 0, photoLevelNames: [], errors: [`cannot read ${photo.path}: no access to its bucket was given`] };
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
