import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { StoredFace, StoredPhoto } from '../catalog/catalog.js';
import { clampBox } from '../domain/geometry.js';
import type { ExportedFace, ExportedPerson, ExportedPhoto, LibraryExport } from './json-export-schema.js';
import { readLibrarySnapshot, type ExportCatalog, type LibrarySnapshot } from './library-snapshot.js';

export interface JsonExportSummary {
  photos: number;
  faces: number;
  people: number;
}

/** The whole library as one object; for large libraries prefer writeJsonExport, which never holds the whole text. */
export async function buildJsonExport(catalog: ExportCatalog): Promise<LibraryExport> {
  const snapshot = await readLibrarySnapshot(catalog);
  return {
    version: 1,
    photos: snapshot.photos.map((photo) => exportedPhoto(photo, snapshot)),
    people: exportedPeople(snapshot),
  };
}

/**
 * Streams the export to `out`, one photo per line, waiting whenever the stream asks to (backpressure).
 * Produces exactly the JSON of buildJsonExport. Does not end `out`: it may be stdout.
 */
export async function writeJsonExport(catalog: ExportCatalog, out: Writable): Promise<JsonExportSummary> {
  const snapshot = await readLibrarySnapshot(catalog);
  const people = exportedPeople(snapshot);
  const writer = new ChunkedWriter(out);
  let faces = 0;

  await writer.write('{"version":1,"photos":[');
  for (const [i, photo] of snapshot.photos.entries()) {
    const entry = exportedPhoto(photo, snapshot);
    faces += entry.faces.length;
    await writer.write(`${i === 0 ? '' : ','}\n${JSON.stringify(entry)}`);
  }
  await writer.write('\n],"people":[');
  for (const [i, person] of people.entries()) {
    await writer.write(`${i === 0 ? '' : ','}\n${JSON.stringify(person)}`);
  }
  await writer.write('\n]}\n');
  await writer.flush();
  return { photos: snapshot.photos.length, faces, people: people.length };
}

/** Writes the export to a file; the file appears complete or not at all, so a failed run never leaves half a file. */
export async function writeJsonExportFile(catalog: ExportCatalog, filePath: string): Promise<JsonExportSummary> {
  const partial = `${filePath}.${process.pid}.partial`;
  const out = createWriteStream(partial);
  try {
    const summary = await writeJsonExport(catalog, out);
    out.end();
    await finished(out);
    await rename(partial, filePath);
    return summary;
  } catch (error) {
    out.destroy();
    // The stream opens its file asynchronously: removing it before the stream has closed could let the file
    // appear after the removal (seen once in CI), leaving a partial file behind.
    if (!out.closed) await once(out, 'close');
    await rm(partial, { force: true });
    throw error;
  }
}

function exportedPhoto(photo: StoredPhoto, snapshot: LibrarySnapshot): ExportedPhoto {
  const faces = snapshot.facesByPhoto.get(photo.sha256) ?? [];
  return {
    path: photo.path,
    sha256: photo.sha256,
    width: photo.width,
    height: photo.height,
    takenAt: photo.takenAt,
    format: photo.format,
    camera: photo.camera,
    gps: photo.gps,
    faces: faces.map((face) => exportedFace(face, photo, snapshot)),
  };
}

function exportedFace(face: StoredFace, photo: StoredPhoto, snapshot: LibrarySnapshot): ExportedFace {
  return {
    id: face.id,
    box: clampBox(face.box, photo.width, photo.height),
    score: face.score,
    personId: face.personId,
    personName: face.personId === null ? null : personOf(face, snapshot).name,
    index: face.index,
    landmarks: face.landmarks.map(([x, y]): [number, number] => [x, y]),
    quality: { ...face.quality },
    pack: face.pack,
    source: face.personId === null ? null : face.source,
  };
}

function personOf(face: StoredFace, snapshot: LibrarySnapshot) {
  const person = face.personId === null ? undefined : snapshot.peopleById.get(face.personId);
  // A face pointing at a person the catalog does not list is a catalog bug; exporting it would hide it.
  if (!person) throw new Error(`Face ${face.id} belongs to person ${face.personId}, which the catalog does not list`);
  return person;
}

/** Counts come from the exported faces rather than the catalog's own counts, so the file always agrees with itself. */
function exportedPeople(snapshot: LibrarySnapshot): ExportedPerson[] {
  const faces = new Map<string, number>();
  const photos = new Map<string, Set<string>>();
  for (const [sha256, list] of snapshot.facesByPhoto) {
    for (const face of list) {
      if (face.personId === null) continue;
      faces.set(face.personId, (faces.get(face.personId) ?? 0) + 1);
      const seen = photos.get(face.personId) ?? new Set<string>();
      seen.add(sha256);
      photos.set(face.personId, seen);
    }
  }
  return snapshot.people.map((person) => ({
    id: person.id,
    name: person.name,
    hidden: person.hidden,
    faces: faces.get(person.id) ?? 0,
    photos: photos.get(person.id)?.size ?? 0,
  }));
}

/** Gathers small pieces into chunks of about 64 KiB: one write per photo would cost more than the JSON itself. */
class ChunkedWriter {
  private pending = '';

  constructor(
    private readonly out: Writable,
    private readonly chunkSize = 64 * 1024,
  ) {}

  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= this.chunkSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === '') return;
    if (this.out.destroyed || this.out.writableEnded) throw new Error('The export stream was closed before the export was complete');
    const chunk = this.pending;
    this.pending = '';
    // once() also rejects when the stream emits 'error' while we wait.
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
