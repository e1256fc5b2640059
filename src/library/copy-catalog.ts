import type { Catalog, FaceAssignment, StoredFace, StoredPhoto } from '../catalog/catalog.js';
import type { FoundFace } from '../domain/types.js';
import { groupBy } from '../domain/group-by.js';
import { compareText as compare, constraintKey, fileKey, photoMeta } from './catalog-records.js';

/**
 * Copies one catalog into another through the Catalog interface only, so any backend can be either side.
 * Every step writes what the target is missing and leaves alone what it already has, so running the copy again
 * after an interruption finishes it without duplicates: photos are stored by content (storePhoto is idempotent),
 * people and suggestions are imported by id, assignments, constraints, errors and settings are written where they differ.
 * Not copied: the run history (the target keeps its own) and face crops (they live in the object store).
 */

export type CopyPhase = 'clearing' | 'photos' | 'people' | 'assignments' | 'constraints' | 'suggestions' | 'errors' | 'settings' | 'checking';

export interface CopyProgress {
  phase: CopyPhase;
  done: number;
  total: number;
}

export interface CopyOptions {
  /** Photos read (with their embeddings) and stored per batch; also the unit of progress. Default 100. */
  batchSize?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Checked between photos and between steps: an aborted copy stops with the signal's reason. */
  signal?: AbortSignal;
  /** Setting keys that are neither copied nor removed from the target (the sync's own marker). */
  keepSettings?: readonly string[];
}

export interface CopySummary {
  photos: number;
  files: number;
  faces: number;
  people: number;
  assignments: number;
  constraints: number;
  /** A language model's suggestions, pending and decided. */
  suggestions: number;
  errors: number;
  settings: number;
  /** Photos (with all their paths) the target already held, e.g. from an interrupted copy. */
  photosAlreadyThere: number;
}

const DEFAULT_BATCH = 100;
/** People, assignments and paths per write: big enough to save round trips, small enough for one transaction. */
const WRITE_CHUNK = 1000;

export async function copyCatalog(source: Catalog, target: Catalog, options: CopyOptions = {}): Promise<CopySummary> {
  const report = options.onProgress ?? (() => {});
  const keep = new Set(options.keepSettings ?? []);
  const check = () => options.signal?.throwIfAborted();

  const photos = await copyPhotos(source, target, options.batchSize ?? DEFAULT_BATCH, report, check);
  check();

  const people = await source.listPeople({ includeHidden: true });
  report({ phase: 'people', done: 0, total: people.length });
  for (const [i, chunk] of chunks(people, WRITE_CHUNK).entries()) {
    check();
    await target.importPeople(chunk.map(({ id, name, hidden }) => ({ id, name, hidden })));
    report({ phase: 'people', done: Math.min(people.length, (i + 1) * WRITE_CHUNK), total: people.length });
  }

  const assignments = await copyAssignments(photos.faces, target, report, check);
  check();

  const constraints = await source.listConstraints();
  const present = new Set((await target.listConstraints()).map(constraintKey));
  const missing = constraints.filter((constraint) => !present.has(constraintKey(constraint)));
  report({ phase: 'constraints', done: 0, total: missing.length });
  // In the source's order, one by one: constraints are few (user decisions), and addConstraint takes one.
  for (const [i, constraint] of missing.entries()) {
    check();
    await target.addConstraint(constraint);
    report({ phase: 'constraints', done: i + 1, total: missing.length });
  }

  // With their ids and statuses, after the people and photos they are about; importing again changes nothing.
  const suggestions = await source.listSuggestions();
  report({ phase: 'suggestions', done: 0, total: suggestions.length });
  for (const [i, chunk] of chunks(suggestions, WRITE_CHUNK).entries()) {
    check();
    await target.importSuggestions(chunk);
    report({ phase: 'suggestions', done: Math.min(suggestions.length, (i + 1) * WRITE_CHUNK), total: suggestions.length });
  }

  const errors = await source.listErrors();
  const knownErrors = new Map((await target.listErrors()).map((e) => [e.path, e]));
  const newErrors = errors.filter((e) => knownErrors.get(e.path)?.reason !== e.reason || knownErrors.get(e.path)?.at !== e.at);
  report({ phase: 'errors', done: 0, total: newErrors.length });
  for (const [i, error] of newErrors.entries()) {
    check();
    await target.recordError(error.path, error.reason, error.at);
    report({ phase: 'errors', done: i + 1, total: newErrors.length });
  }

  const settings = [...(await source.listSettings())].filter(([key]) => !keep.has(key));
  const targetSettings = await target.listSettings();
  report({ phase: 'settings', done: 0, total: settings.length });
  for (const [key, value] of settings) {
    if (targetSettings.get(key) !== value) await target.setSetting(key, value);
  }
  const wanted = new Set(settings.map(([key]) => key));
  for (const key of targetSettings.keys()) {
    if (!wanted.has(key) && !keep.has(key)) await target.deleteSetting(key);
  }
  report({ phase: 'settings', done: settings.length, total: settings.length });

  return {
    photos: photos.photos,
    files: photos.files,
    faces: photos.faceCount,
    people: people.length,
    assignments,
    constraints: constraints.length,
    suggestions: suggestions.length,
    errors: errors.length,
    settings: settings.length,
    photosAlreadyThere: photos.alreadyThere,
  };
}

/**
 * Stores every photo with its faces (same pack, so the same face ids) at each of its paths, a batch per
 * transaction. A photo whose content, pack and paths the target already has is skipped without reading its embeddings.
 */
async function copyPhotos(
  source: Catalog,
  target: Catalog,
  batchSize: number,
  report: (progress: CopyProgress) => void,
  check: () => void,
): Promise<{ photos: number; files: number; faceCount: number; alreadyThere: number; faces: StoredFace[] }> {
  const [photos, files, faces] = await Promise.all([source.listPhotos(), source.listFiles(''), source.listFaces()]);
  const [targetPhotos, targetFiles] = await Promise.all([target.listPhotos(), target.listFiles('')]);
  const targetPack = new Map(targetPhotos.map((photo) => [photo.sha256, photo.pack]));
  const targetFileKeys = new Set(targetFiles.map(fileKey));

  const filesBySha = groupBy(
    [...files].sort((a, b) => compare(a.path, b.path)),
    (file) => file.sha256,
  );
  const packOf = new Map(photos.map((photo) => [photo.sha256, photo.pack]));
  // A photo's faces are those of the pack it was analysed with (as in the export).
  const photoFaces = faces.filter((face) => packOf.get(face.photoSha256) === face.pack);
  const facesBySha = groupBy(photoFaces, (face) => face.photoSha256);

  const ordered = [...photos].sort((a, b) => compare(a.sha256, b.sha256));
  let done = 0;
  let alreadyThere = 0;
  report({ phase: 'photos', done, total: ordered.length });
  for (const batch of chunks(ordered, batchSize)) {
    check();
    const pending = batch.filter((photo) => {
      const paths = filesBySha.get(photo.sha256) ?? [];
      return targetPack.get(photo.sha256) !== photo.pack || !paths.every((file) => targetFileKeys.has(fileKey(file)));
    });
    alreadyThere += batch.length - pending.length;
    const embeddings = await source.getFaceEmbeddings(pending.flatMap((photo) => (facesBySha.get(photo.sha256) ?? []).map((f) => f.id)));
    // One input per path: for content already stored, storePhoto only records the path (with its size and time).
    // The whole batch is one transaction.
    const inputs = pending.flatMap((photo) => {
      const paths = filesBySha.get(photo.sha256);
      if (paths === undefined || paths.length === 0) throw new Error(`photo ${photo.sha256} has no path in the source; its catalog is inconsistent`);
      const found = (facesBySha.get(photo.sha256) ?? []).map((face) => foundFace(face, embeddings.get(face.id)));
      return paths.map((file) => ({ file, meta: photoMeta(photo), pack: photo.pack, faces: found }));
    });
    if (inputs.length > 0) await target.storePhotos(inputs);
    done += batch.length;
    report({ phase: 'photos', done, total: ordered.length });
  }
  return { photos: photos.length, files: files.length, faceCount: photoFaces.length, alreadyThere, faces: photoFaces };
}

/** Gives every face the source's assignment (person and source), writing only the faces whose state differs. */
async function copyAssignments(
  faces: readonly StoredFace[],
  target: Catalog,
  report: (progress: CopyProgress) => void,
  check: () => void,
): Promise<number> {
  const current = new Map((await target.listFaces()).map((face) => [face.id, face]));
  const changes: FaceAssignment[] = [];
  let assigned = 0;
  for (const face of faces) {
    if (face.source !== null) assigned++;
    const there = current.get(face.id);
    if (there !== undefined && there.personId === face.personId && there.source === face.source) continue;
    // An automatic "nobody" unassigns a face the target holds as automatic (a source changed since an interrupted copy).
    changes.push(face.source === null ? { faceId: face.id, personId: null, source: 'auto' } : { faceId: face.id, personId: face.personId, source: face.source });
  }
  report({ phase: 'assignments', done: 0, total: changes.length });
  for (const [i, chunk] of chunks(changes, WRITE_CHUNK).entries()) {
    check();
    await target.assignFaces(chunk);
    report({ phase: 'assignments', done: Math.min(changes.length, (i + 1) * WRITE_CHUNK), total: changes.length });
  }
  return assigned;
}

/**
 * Empties a catalog through its interface: forgetting every path takes the photos, faces, their constraints and
 * the unnamed people with them; the remaining people, the errors and the settings (but `keepSettings`) follow.
 * The run history stays. Safe to run again after an interruption.
 */
export async function clearCatalog(catalog: Catalog, options: Pick<CopyOptions, 'onProgress' | 'signal' | 'keepSettings'> = {}): Promise<void> {
  const report = options.onProgress ?? (() => {});
  const keep = new Set(options.keepSettings ?? []);
  const paths = (await catalog.listFiles('')).map((file) => file.path);
  report({ phase: 'clearing', done: 0, total: paths.length });
  for (const [i, chunk] of chunks(paths, WRITE_CHUNK).entries()) {
    options.signal?.throwIfAborted();
    await catalog.removeFiles(chunk);
    report({ phase: 'clearing', done: Math.min(paths.length, (i + 1) * WRITE_CHUNK), total: paths.length });
  }
  for (const person of await catalog.listPeople({ includeHidden: true })) {
    options.signal?.throwIfAborted();
    await catalog.deletePerson(person.id);
  }
  for (const error of await catalog.listErrors()) await catalog.clearError(error.path);
  for (const key of (await catalog.listSettings()).keys()) {
    if (!keep.has(key)) await catalog.deleteSetting(key);
  }
}

function foundFace(face: StoredFace, embedding: Float32Array | undefined): FoundFace {
  if (embedding === undefined) throw new Error(`face ${face.id} has no embedding in the source`);
  return { index: face.index, box: face.box, score: face.score, landmarks: face.landmarks, quality: face.quality, embedding };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
