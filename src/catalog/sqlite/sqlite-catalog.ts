import type { Catalog } from '../catalog.js';
import type { ApproximateIndexKind } from '../ann/approximate-index.js';
import {
  DEFAULT_APPROXIMATE_SEARCH,
  type ApproximateSearchSettings,
  type NeighbourBackend,
} from '../ann/approximate-search-settings.js';
import { usearchIndexKind } from '../ann/usearch-index.js';
import { ApproximateNeighbours } from './approximate-neighbours.js';
import type { SqliteDatabase } from './connection.js';
import { ConstraintRepository } from './constraint-repository.js';
import { EmbeddingPages } from './embedding-pages.js';
import { FaceDecisionRepository } from './face-decision-repository.js';
import { FacePlacements } from './face-placements.js';
import { FaceRepository } from './face-repository.js';
import { FaceVectorLog } from './face-vector-log.js';
import { NeighbourSearch } from './neighbour-search.js';
import { OrphanCleanup } from './orphan-cleanup.js';
import { PeopleRepository } from './people-repository.js';
import { PhotoRepository } from './photo-repository.js';
import { RunRepository } from './run-repository.js';
import { SuggestionRepository } from './suggestion-repository.js';
import { VectorIndexes } from './vector-index.js';
import { inWriteTransaction } from './write-transaction.js';

export interface SqliteCatalogOptions {
  /** When neighbour queries use the approximate index instead of the exact scan. */
  approximateSearch?: ApproximateSearchSettings;
  /** The approximate index implementation; usearch unless a test or benchmark says otherwise. */
  indexKind?: ApproximateIndexKind;
  /** Told which search answered each neighbour query. */
  onNeighbourSearch?: (backend: NeighbourBackend) => void;
  /** Where to say that an index file is being built or was found damaged and rebuilt; stderr by default. */
  report?: (message: string) => void;
}

/**
 * The Catalog over an open, migrated database. better-sqlite3 is synchronous; the async methods exist for the
 * remote backends, and turn every thrown error into a rejected promise.
 */
export function createSqliteCatalog(db: SqliteDatabase, options: SqliteCatalogOptions = {}): Catalog {
  const cleanup = new OrphanCleanup(db);
  const vectors = new VectorIndexes(db);
  const log = new FaceVectorLog(db);
  const report = options.report ?? ((message: string) => process.stderr.write(`facetag: ${message}\n`));
  const approximate = new ApproximateNeighbours(db, log, options.indexKind ?? usearchIndexKind(), db.memory ? null : db.name, report);
  const neighbours = new NeighbourSearch(
    vectors,
    approximate,
    log,
    options.approximateSearch ?? DEFAULT_APPROXIMATE_SEARCH,
    options.onNeighbourSearch,
  );
  const faces = new FaceRepository(db, vectors);
  const photos = new PhotoRepository(db, faces, cleanup);
  const constraints = new ConstraintRepository(db);
  const decisions = new FaceDecisionRepository(db);
  const people = new PeopleRepository(db, constraints, decisions);
  const runs = new RunRepository(db);
  const suggestions = new SuggestionRepository(db);
  const embeddingPages = new EmbeddingPages(db);
  const placements = new FacePlacements(db);

  return {
    getFile: async (path) => photos.getFile(path),
    isPhotoScanned: async (sha256, pack) => photos.isPhotoScanned(sha256, pack),
    storePhoto: async (input) => photos.storePhoto(input),
    storePhotos: async (inputs) =>
      inWriteTransaction(db, () => {
        for (const input of inputs) photos.storePhoto(input);
      }),
    addFaces: async (photoSha256, pack, added) => photos.addFaces(photoSha256, pack, added),
    linkFile: async (file) => photos.linkFile(file),
    listFiles: async (prefix) => photos.listFiles(prefix),
    removeFiles: async (paths) => photos.removeFiles(paths),
    getPhoto: async (sha256) => photos.getPhoto(sha256),
    listPhotos: async () => photos.listPhotos(),
    photosWithPeople: async (personIds) => photos.photosWithPeople(personIds),

    listFacePlacements: async (pack, query) => placements.list(pack, query),
    countFacesOfPeople: async (pack, personIds) => placements.countFacesOfPeople(pack, personIds),
    listFaces: async (filter) => faces.listFaces(filter),
    listFacesWithEmbeddings: async (pack, filter) => faces.listFacesWithEmbeddings(pack, filter),
    getFaceEmbeddings: async (faceIds) => faces.getFaceEmbeddings(faceIds),
    embeddingPage: async (pack, cursor, limit) => embeddingPages.read(pack, cursor, limit),
    getFaces: async (faceIds) => faces.getFaces(faceIds),
    nearestFaces: async (embedding, pack, k) => neighbours.nearest(embedding, pack, k),
    neighbourSearch: async (pack) => neighbours.kind(pack),
    markNotAFace: async (faceIds) => decisions.markNotAFace(faceIds),
    listNotAFaces: async () => decisions.listNotAFaces(),

    applyClustering: async (change) =>
      inWriteTransaction(db, () => {
        people.assignFaces(change.assignments);
        const created = change.newPeople.map((faceIds) => {
          const personId = people.createPerson(null);
          people.assignFaces(faceIds.map((faceId) => ({ faceId, personId, source: 'auto' as const })));
          return personId;
        });
        for (const personId of change.deletePeople) people.deletePerson(personId);
        return created;
      }),
    createPerson: async (name) => people.createPerson(name),
    assignFaces: async (assignments) => people.assignFaces(assignments),
    renamePerson: async (personId, name) => people.renamePerson(personId, name),
    setHidden: async (personId, hidden) => people.setHidden(personId, hidden),
    mergePeople: async (into, from) => people.mergePeople(into, from),
    deletePerson: async (personId) => people.deletePerson(personId),
    findPerson: async (idOrName) => people.findPerson(idOrName),
    listPeople: async (options) => people.listPeople(options),
    listPersonNames: async () => placements.listPersonNames(),
    addConstraint: async (constraint) => constraints.addConstraint(constraint),
    listConstraints: async () => constraints.listConstraints(),
    removeConstraint: async (constraint) => constraints.removeConstraint(constraint),
    forgetAssignments: async (faceIds) => decisions.forgetAssignments(faceIds),
    importPeople: async (imported) => people.importPeople(imported),

    startRun: async (root, pack) => runs.startRun(root, pack),
    finishRun: async (runId, stats) => runs.finishRun(runId, stats),
    lastRun: async () => runs.lastRun(),
    recordError: async (path, reason, at) => runs.recordError(path, reason, at),
    clearError: async (path) => runs.clearError(path),
    listErrors: async () => runs.listErrors(),
    counts: async () => runs.counts(),

    getSetting: async (key) =>
      (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null,
    setSetting: async (key, value) => {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
    },
    listSettings: async () =>
      new Map(
        db
          .prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key')
          .all()
          .map((row) => [row.key, row.value]),
      ),
    deleteSetting: async (key) => {
      db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    },

    addSuggestions: async (added) => suggestions.addSuggestions(added),
    listSuggestions: async (filter) => suggestions.listSuggestions(filter),
    getSuggestion: async (id) => suggestions.getSuggestion(id),
    decideSuggestion: async (id, status) => suggestions.decideSuggestion(id, status),
    wasRejected: async (target, kind, value) => suggestions.wasRejected(target, kind, value),
    importSuggestions: async (imported) => suggestions.importSuggestions(imported),
    suggestedTargets: async (type, promptVersion) => suggestions.suggestedTargets(type, promptVersion),

    close: async () => {
      // The index files are saved first: their state is recorded in the catalog.
      try {
        neighbours.close();
      } finally {
        db.close();
      }
    },
  };
}
