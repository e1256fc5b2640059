import type { Catalog } from '../catalog/catalog.js';
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

/** Forgets the files below the prefixes that this scan did not see; returns how many. */
export async function pruneMissing(catalog: Catalog, prefixes: readonly string[], present: ReadonlySet<string>): Promise<number> {
  const gone: string[] = [];
  for (const prefix of prefixes) {
    for (const file of await catalog.listFiles(prefix)) if (!present.has(file.path)) gone.push(file.path);
  }
  return gone.length > 0 ? catalog.removeFiles(gone) : 0;
}

/** What a run record keeps of a scan, local or queued. */
export function runRecordStats(summary: {
  found: number;
  analysed: number;
  unchanged: number;
  linked: number;
  failed: number;
  faces: number;
  pruned: number;
  interrupted: boolean;
  elapsedMs: number;
}): Record<string, number> {
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
