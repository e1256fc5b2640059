import { cropKey, faceId, type Catalog, type StoredFile } from '../catalog/catalog.js';
import type { ObjectStore } from '../objects/object-store.js';
import type { PhotoAnalysis } from './analyse-photo.js';
import type { ListedPhoto, PhotoSource } from './sources/photo-source.js';

/*
 * The steps a local scan (pipeline/scan.ts) and a queued one (queue/distributed-scan.ts) share: they differ only
 * in who analyses the new photos.
 */

/** Lists every photo first, so progress can show a total and an ETA; what cannot even be listed is reported. */
export async function listSourcePhotos(source: PhotoSource, onUnlisted: (path: string, reason: string) => Promise<void>): Promise<ListedPhoto[]> {
  const photos: ListedPhoto[] = [];
  for await (const event of source.list()) {
    if (event.kind === 'photo') photos.push(event.photo);
    else await onUnlisted(event.photo.path, event.reason);
  }
  return photos;
}

export type FileCheck = { kind: 'unreadable'; reason: string } | { kind: 'unchanged' } | { kind: 'changed'; sha256: string };

/**
 * Unchanged when the file is stored with this pack at the same size and time; otherwise its content hash, read
 * now. A file that cannot be read (permissions, a vanished object) is unreadable and the scan goes on.
 */
export async function checkFile(catalog: Catalog, source: PhotoSource, file: ListedPhoto, pack: string): Promise<FileCheck> {
  const known = await catalog.getFile(file.path);
  if (known && known.size === file.size && known.mtimeMs === file.mtimeMs && (await catalog.isPhotoScanned(known.sha256, pack))) {
    return { kind: 'unchanged' };
  }
  try {
    return { kind: 'changed', sha256: await source.contentHash(file) };
  } catch (err) {
    return { kind: 'unreadable', reason: `cannot read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** What a listed file needs: nothing, an error, a link to content already analysed (done here), or analysis. */
export type FileTriage = { kind: 'unreadable'; reason: string } | { kind: 'unchanged' } | { kind: 'linked' } | { kind: 'new'; sha256: string };

/** checkFile, then a changed file whose content this pack already analysed (a copy, a move) is linked to it. */
export async function triageFile(catalog: Catalog, source: PhotoSource, file: ListedPhoto, pack: string): Promise<FileTriage> {
  const check = await checkFile(catalog, source, file, pack);
  if (check.kind !== 'changed') return check;
  if (await catalog.isPhotoScanned(check.sha256, pack)) {
    await linkToStoredContent(catalog, { ...file, sha256: check.sha256 });
    return { kind: 'linked' };
  }
  return { kind: 'new', sha256: check.sha256 };
}

/** Records a path for content the catalog already holds, and forgets any earlier error of that path. */
export async function linkToStoredContent(catalog: Catalog, file: StoredFile): Promise<void> {
  await catalog.linkFile(file);
  await catalog.clearError(file.path);
}

/**
 * Stores one analysed photo: crops first, because they are keyed by face id and a crash before the catalog write
 * leaves only harmless duplicates; then the photo and its faces in one catalog transaction. Returns the time taken.
 */
export async function storeAnalysedPhoto(
  store: { catalog: Catalog; objects: ObjectStore },
  file: StoredFile,
  pack: string,
  analysis: PhotoAnalysis,
): Promise<number> {
  const started = performance.now();
  await Promise.all(analysis.crops.map((crop, i) => store.objects.put(cropKey(faceId(file.sha256, pack, i)), crop, 'image/jpeg')));
  await store.catalog.storePhoto({ file, meta: { ...analysis.meta, sha256: file.sha256 }, pack, faces: analysis.faces });
  await store.catalog.clearError(file.path);
  return performance.now() - started;
}

/** Forgets the files below the prefixes that this scan did not see; returns how many. */
export async function pruneMissing(catalog: Catalog, prefixes: readonly string[], present: ReadonlySet<string>): Promise<number> {
  const gone: string[] = [];
  for (const prefix of prefixes) {
    for (const file of await catalog.listFiles(prefix)) if (!present.has(file.path)) gone.push(file.path);
  }
  return gone.length > 0 ? catalog.removeFiles(gone) : 0;
}

/** The counts every scan, local or queued, reports. */
export interface ScanCounts {
  found: number;
  analysed: number;
  unchanged: number;
  /** Known content at a new path (a copy or a move): no analysis needed. */
  linked: number;
  failed: number;
  faces: number;
  pruned: number;
  interrupted: boolean;
  elapsedMs: number;
}

/** What a run record keeps of a scan, local or queued. */
export function runRecordStats(summary: ScanCounts): Record<string, number> {
  return {
    found: summary.found,
    analysed: summary.analysed,
    unchanged: summary.unchanged,
    linked: summary.linked,
    failed: summary.failed,
    faces: summary.faces,
    pruned: summary.pruned,
    interrupted: summary.interrupted ? 1 : 0,
    seconds: Math.round(summary.elapsedMs) / 1000,
  };
}
