import type { AssignmentSource, Box, FaceQuality, FoundFace, Landmarks5, PhotoMeta } from '../domain/types.js';
import type { SuggestionCatalog } from './suggestions.js';

/**
 * The catalog keeps photos, faces, people and the user's decisions.
 * Every implementation (SQLite now, Neo4j later) passes the same contract tests in test/catalog/.
 * Methods are async because the production backends are remote.
 */

export interface StoredFile {
  path: string;
  sha256: string;
  size: number;
  mtimeMs: number;
}

export interface StoredPhoto extends PhotoMeta {
  /** One path the photo was seen at (the first, by path order); a photo can live at several. */
  path: string;
  pack: string;
}

export interface StoredFace {
  id: string;
  photoSha256: string;
  index: number;
  box: Box;
  score: number;
  landmarks: Landmarks5;
  quality: FaceQuality;
  pack: string;
  personId: string | null;
  source: AssignmentSource | null;
}

export interface FaceWithEmbedding extends StoredFace {
  embedding: Float32Array;
}

export interface StoredPerson {
  id: string;
  name: string | null;
  hidden: boolean;
  faces: number;
  photos: number;
  /** Path of a photo showing the person's best-quality face, for display. */
  samplePath: string | null;
  /** That best-quality face (ties to the smaller id), the person's thumbnail; null without faces. */
  bestFaceId: string | null;
}

export interface Neighbour {
  faceId: string;
  /** Cosine distance, 0 (same) .. 2 (opposite). */
  distance: number;
}

export interface FaceAssignment {
  faceId: string;
  personId: string | null;
  source: AssignmentSource;
}

/** A user's decision that clustering must respect forever. */
export type Constraint =
  | { kind: 'not-person'; faceId: string; personId: string }
  | { kind: 'different-people'; personA: string; personB: string };

export interface ScanError {
  path: string;
  reason: string;
  at: string;
}

export interface RunRecord {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  root: string;
  pack: string;
  stats: Record<string, number>;
}

export interface StorePhotoInput {
  file: StoredFile;
  meta: PhotoMeta;
  pack: string;
  faces: readonly FoundFace[];
}

export interface PhotoCatalog {
  /** What is known about a file path, so an unchanged file (same size and mtime) is skipped without hashing. */
  getFile(path: string): Promise<StoredFile | null>;
  /** True when this content was already analysed with this model pack. */
  isPhotoScanned(sha256: string, pack: string): Promise<boolean>;
  /**
   * Stores a photo, the path it was found at and its faces in one transaction. Idempotent:
   * storing the same content and pack again changes nothing and creates no duplicates.
   */
  storePhoto(input: StorePhotoInput): Promise<void>;
  /**
   * storePhoto for each input, in order, in one transaction: all stored or none. For bulk loads (copying a
   * library), where one commit per photo dominates the time on a server.
   */
  storePhotos(inputs: readonly StorePhotoInput[]): Promise<void>;
  /**
   * Adds faces to a photo already stored with this pack (faces the user drew where the detector found none, e.g.
   * from an imported region), in one transaction. An index the photo already has is an error, never overwritten.
   */
  addFaces(photoSha256: string, pack: string, faces: readonly FoundFace[]): Promise<void>;
  /** Records that a path holds content that is already stored (a copy, or an unchanged file that moved). */
  linkFile(file: StoredFile): Promise<void>;
  /** All known paths that start with the prefix (a folder), for pruning. */
  listFiles(prefix: string): Promise<StoredFile[]>;
  /** Forgets paths; photos no longer reachable from any path go with their faces. Returns the number of paths removed. */
  removeFiles(paths: readonly string[]): Promise<number>;
  getPhoto(sha256: string): Promise<StoredPhoto | null>;
  listPhotos(): Promise<StoredPhoto[]>;
  /** Photos that show every one of the given people. */
  photosWithPeople(personIds: readonly string[]): Promise<StoredPhoto[]>;
}

export interface EmbeddingPage {
  faceIds: string[];
  /** Row-major: faceIds.length rows of `dimensions` values. */
  embeddings: Float32Array;
  /** 0 for an empty page. */
  dimensions: number;
  /** The cursor of the page after this one; null when this is the last. */
  next: string | null;
}

/** What clustering needs of a face: where it is, how good, whose (no box, no landmarks, no embedding). */
export interface FacePlacement {
  id: string;
  photoSha256: string;
  index: number;
  /** quality.overall */
  quality: number;
  personId: string | null;
  source: AssignmentSource | null;
}

/**
 * Which faces of a pack listFacePlacements returns: every face any of the given selectors picks, each once. For a
 * clustering run that reads the neighbourhood of a few new faces instead of the whole library, each by an index.
 */
export interface FacePlacementQuery {
  faceIds?: readonly string[];
  /** Every face of these people. */
  personIds?: readonly string[];
  /** Every face in these photos. */
  photoSha256s?: readonly string[];
  /** Faces without a person that the user did not set aside ("nobody"): the pool clustering places from. */
  unplaced?: boolean;
  /** Faces the user placed or set aside (source 'user'). */
  decidedByUser?: boolean;
}

/** A person as clustering sees one: no counts, no sample, so listing every person stays cheap. */
export interface PersonName {
  id: string;
  name: string | null;
  hidden: boolean;
}

/** How a pack's nearest-neighbour queries are answered: clustering weighs one query per face against a pass over the pack by it. */
export interface NeighbourSearchKind {
  /** An approximate index answers (a query then costs about the same at any size); false: a query visits every face. */
  approximate: boolean;
  /** Faces of the pack the queries search. */
  faces: number;
}

export interface FaceCatalog {
  /** The selected faces of the pack, each once, ordered by photo and index (as listFaces). */
  listFacePlacements(pack: string, query: FacePlacementQuery): Promise<FacePlacement[]>;
  /** How many faces of the pack each of these people has (a person without any is left out). */
  countFacesOfPeople(pack: string, personIds: readonly string[]): Promise<Map<string, number>>;
  listFaces(filter?: { pack?: string; photoSha256?: string; personId?: string }): Promise<StoredFace[]>;
  /** Faces with their embeddings, for clustering; only those made by the given pack. */
  listFacesWithEmbeddings(pack: string, filter?: { unassignedOnly?: boolean }): Promise<FaceWithEmbedding[]>;
  getFaceEmbeddings(faceIds: readonly string[]): Promise<Map<string, Float32Array>>;
  /**
   * One page of the pack's embeddings in a fixed order: start with cursor null, go on with each page's `next` until it
   * is null. For reading every embedding block by block (clustering a large library) without holding them all.
   */
  embeddingPage(pack: string, cursor: string | null, limit: number): Promise<EmbeddingPage>;
  /** The faces with these ids (by the faces' primary key), in the order asked, each once; unknown ids are left out. */
  getFaces(faceIds: readonly string[]): Promise<StoredFace[]>;
  /** The k nearest stored faces of the same pack, by an index rather than a scan in JavaScript. */
  nearestFaces(embedding: Float32Array, pack: string, k: number): Promise<Neighbour[]>;
  /** How nearestFaces answers for this pack as the library stands. */
  neighbourSearch(pack: string): Promise<NeighbourSearchKind>;
  /**
   * The user says these are no faces at all (a pattern, a poster, a false detection): each leaves its person and is
   * kept as the user's "nobody" (source 'user', no person), so no clustering places it again; it stays in its photo,
   * so ids never shift. A later user assignment to a person, or forgetAssignments, lifts the mark (the latest user
   * decision wins). One unknown id rejects the whole call.
   */
  markNotAFace(faceIds: readonly string[]): Promise<void>;
  /** The faces marked as not a face, sorted by id. */
  listNotAFaces(): Promise<string[]>;
}

/** The outcome of one clustering run, applied all at once. */
export interface ClusteringChange {
  assignments: readonly FaceAssignment[];
  /** Each entry becomes a new unnamed person holding these faces (automatic assignments). */
  newPeople: readonly (readonly string[])[];
  /** Automatic people left without faces. */
  deletePeople: readonly string[];
}

export interface PeopleCatalog {
  /**
   * Applies a clustering run in one transaction, so a run killed halfway leaves the people as they were
   * and the next run computes the same result. Returns the ids of the new people, in order.
   */
  applyClustering(change: ClusteringChange): Promise<string[]>;
  createPerson(name?: string | null): Promise<string>;
  assignFaces(assignments: readonly FaceAssignment[]): Promise<void>;
  /** Names (trimmed, unique ignoring case) or, with null, un-names a person. */
  renamePerson(personId: string, name: string | null): Promise<void>;
  setHidden(personId: string, hidden: boolean): Promise<void>;
  /** Moves every face of `from` into `into` as user decisions and deletes `from`. */
  mergePeople(into: string, from: string): Promise<void>;
  deletePerson(personId: string): Promise<void>;
  /** Finds a person by id (p12) or exact name. */
  findPerson(idOrName: string): Promise<StoredPerson | null>;
  listPeople(options?: { includeHidden?: boolean }): Promise<StoredPerson[]>;
  /** Every person, hidden ones too, by id: what listPeople gives without counting anything. */
  listPersonNames(): Promise<PersonName[]>;
  addConstraint(constraint: Constraint): Promise<void>;
  listConstraints(): Promise<Constraint[]>;
  /**
   * Takes a decision back (undo): the constraint goes; faces it kept away stay where they are. different-people in
   * either order is the same constraint; one that does not exist is no error.
   */
  removeConstraint(constraint: Constraint): Promise<void>;
  /**
   * Takes back every decision about who these faces are (undo): each becomes unassigned and undecided, as a newly
   * found face, so automatic assignments apply to it again; a not-a-face mark goes too. Constraints stay. One unknown
   * id rejects the whole call.
   */
  forgetAssignments(faceIds: readonly string[]): Promise<void>;
  /**
   * For copying a library: creates people with the given ids (p<number>), names and hidden flags in one
   * transaction; a person whose id exists already gets the given name and flag, so importing again changes nothing.
   * Raises the person counter to at least the largest imported number, so createPerson never hands out these ids.
   * Names stay unique ignoring case: a clash within the list or with a person outside it rejects the whole call.
   */
  importPeople(people: readonly ImportedPerson[]): Promise<void>;
}

export interface ImportedPerson {
  id: string;
  name: string | null;
  hidden: boolean;
}

export interface RunCatalog {
  startRun(root: string, pack: string): Promise<number>;
  finishRun(runId: number, stats: Record<string, number>): Promise<void>;
  lastRun(): Promise<RunRecord | null>;
  /** `at` defaults to now; a copied library passes the original time. */
  recordError(path: string, reason: string, at?: string): Promise<void>;
  clearError(path: string): Promise<void>;
  listErrors(): Promise<ScanError[]>;
  counts(): Promise<{ photos: number; faces: number; people: number; files: number; errors: number }>;
}

/**
 * What a library remembers about itself (e.g. which model pack made its embeddings). Kept in the catalog, so
 * every machine that opens the same graph agrees on it.
 */
export interface SettingsCatalog {
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Every setting, by key (for copying a library). */
  listSettings(): Promise<Map<string, string>>;
  /** Forgets a setting; an unknown key is no error. */
  deleteSetting(key: string): Promise<void>;
}

export interface Catalog extends PhotoCatalog, FaceCatalog, PeopleCatalog, RunCatalog, SettingsCatalog, SuggestionCatalog {
  close(): Promise<void>;
}

/** Stable face ids: the same photo analysed by the same pack always yields the same ids, so a resumed run cannot duplicate. */
export function faceId(photoSha256: string, pack: string, index: number): string {
  return `${photoSha256.slice(0, 16)}.${pack}.${index}`;
}

/** The pack a face id names (faceId's inverse: the sha prefix and the index hold no dot, a pack name may). */
export function packOfFaceId(id: string): string | null {
  const parts = id.split('.');
  return parts.length >= 3 ? parts.slice(1, -1).join('.') : null;
}

/** Where a face's crop is kept in the object store: the scan writes it there, the crop routes read it. */
export function cropKey(id: string): string {
  return `crops/${id}.jpg`;
}

/** The face id of a crop's object key, or null for another object. */
export function faceIdOfCropKey(key: string): string | null {
  return key.startsWith('crops/') && key.endsWith('.jpg') ? key.slice('crops/'.length, -'.jpg'.length) : null;
}
