import type { Catalog } from '../catalog.js';
import { validateAddedFaces, validateStorePhotoInput } from '../store-photo-validation.js';
import { CoAppearanceTracker } from './co-appearances.js';
import type { Neo4jConnection, Transaction } from './connection.js';
import { ConstraintRepository } from './constraint-repository.js';
import { FaceDecisionRepository } from './face-decision-repository.js';
import { FacePlacements } from './face-placements.js';
import { FaceRepository } from './face-repository.js';
import { PeopleRepository } from './people-repository.js';
import { PhotoRepository } from './photo-repository.js';
import { RunRepository } from './run-repository.js';
import { SuggestionRepository } from './suggestion-repository.js';
import { VectorIndexes } from './vector-indexes.js';
import type { VectorSpace } from './vector-space.js';

/** The Catalog, plus the connection for the graph queries in graph-queries.ts. */
export interface Neo4jCatalog extends Catalog {
  readonly connection: Neo4jConnection;
}

/**
 * The Catalog over a connected, migrated Neo4j database. Every write is one managed transaction (retried by the
 * driver on transient errors); the repositories only ever run statements inside the transaction they are given,
 * so an operation composed of several of them (applyClustering) is still one transaction.
 */
export function createNeo4jCatalog(connection: Neo4jConnection): Neo4jCatalog {
  const vectors = new VectorIndexes(connection);
  const faces = new FaceRepository(vectors);
  const placements = new FacePlacements();
  const photos = new PhotoRepository(faces);
  const constraints = new ConstraintRepository();
  const decisions = new FaceDecisionRepository();
  const people = new PeopleRepository(constraints, decisions);
  const runs = new RunRepository();
  const suggestions = new SuggestionRepository();
  const read = <T>(work: (tx: Transaction) => Promise<T>) => connection.read(work);
  const write = <T>(work: (tx: Transaction) => Promise<T>) => connection.write(work);
  /** Runs assignment changes in one transaction and brings APPEARS_WITH up to date before it commits. */
  const writePeople = <T>(work: (tx: Transaction, coAppearances: CoAppearanceTracker) => Promise<T>) =>
    write(async (tx) => {
      const coAppearances = new CoAppearanceTracker();
      const result = await work(tx, coAppearances);
      await coAppearances.apply(tx);
      return result;
    });

  return {
    connection,

    getFile: (path) => read((tx) => photos.getFile(tx, path)),
    isPhotoScanned: (sha256, pack) => read((tx) => photos.isPhotoScanned(tx, sha256, pack)),
    storePhoto: async (input) => {
      validateStorePhotoInput(input);
      const first = input.faces[0];
      // Schema cannot change inside the storing transaction, so the space's index is made (once) beforehand.
      const space = first === undefined ? null : await vectors.ensureIndex(input.pack, first.embedding.length);
      await write((tx) => photos.storePhoto(tx, input, space));
    },
    storePhotos: async (inputs) => {
      for (const input of inputs) validateStorePhotoInput(input);
      const spaces: (VectorSpace | null)[] = [];
      for (const input of inputs) {
        const first = input.faces[0];
        spaces.push(first === undefined ? null : await vectors.ensureIndex(input.pack, first.embedding.length));
      }
      await write(async (tx) => {
        for (const [i, input] of inputs.entries()) await photos.storePhoto(tx, input, spaces[i]!);
      });
    },
    addFaces: async (photoSha256, pack, added) => {
      validateAddedFaces(photoSha256, pack, added);
      const first = added[0];
      if (first === undefined) return;
      const space = await vectors.ensureIndex(pack, first.embedding.length);
      await write((tx) => photos.addFaces(tx, photoSha256, pack, added, space));
    },
    linkFile: (file) => write((tx) => photos.linkFile(tx, file)),
    listFiles: (prefix) => read((tx) => photos.listFiles(tx, prefix)),
    removeFiles: (paths) => write((tx) => photos.removeFiles(tx, paths)),
    getPhoto: (sha256) => read((tx) => photos.getPhoto(tx, sha256)),
    listPhotos: () => read((tx) => photos.listPhotos(tx)),
    photosWithPeople: (personIds) => read((tx) => photos.photosWithPeople(tx, personIds)),

    listFacePlacements: (pack, query) => read((tx) => placements.list(tx, pack, query)),
    countFacesOfPeople: (pack, personIds) => read((tx) => placements.countFacesOfPeople(tx, pack, personIds)),
    listFaces: (filter) => read((tx) => faces.listFaces(tx, filter)),
    listFacesWithEmbeddings: (pack, filter) => read((tx) => faces.listFacesWithEmbeddings(tx, pack, filter?.unassignedOnly ?? false)),
    getFaceEmbeddings: (faceIds) => read((tx) => faces.getFaceEmbeddings(tx, faceIds)),
    embeddingPage: (pack, cursor, limit) => read((tx) => faces.embeddingPage(tx, pack, cursor, limit)),
    getFaces: (faceIds) => read((tx) => faces.getFaces(tx, faceIds)),
    nearestFaces: (embedding, pack, k) => read((tx) => faces.nearestFaces(tx, embedding, pack, k)),
    neighbourSearch: (pack) => read((tx) => faces.neighbourSearch(tx, pack)),
    markNotAFace: (faceIds) => writePeople((tx, co) => decisions.markNotAFace(tx, faceIds, co)),
    listNotAFaces: () => read((tx) => decisions.listNotAFaces(tx)),

    applyClustering: (change) =>
      writePeople(async (tx, co) => {
        await people.assignFaces(tx, change.assignments, co);
        const created = await people.createPeople(
          tx,
          change.newPeople.map(() => null),
        );
        await people.assignFaces(
          tx,
          change.newPeople.flatMap((faceIds, i) => faceIds.map((faceId) => ({ faceId, personId: created[i]!, source: 'auto' as const }))),
          co,
        );
        await people.deletePeople(tx, change.deletePeople);
        return created;
      }),
    createPerson: async (name) => (await write((tx) => people.createPeople(tx, [name ?? null])))[0]!,
    assignFaces: (assignments) => writePeople((tx, co) => people.assignFaces(tx, assignments, co)),
    renamePerson: (personId, name) => write((tx) => people.renamePerson(tx, personId, name)),
    setHidden: (personId, hidden) => write((tx) => people.setHidden(tx, personId, hidden)),
    mergePeople: (into, from) => writePeople((tx, co) => people.mergePeople(tx, into, from, co)),
    deletePerson: (personId) => write((tx) => people.deletePeople(tx, [personId])),
    findPerson: (idOrName) => read((tx) => people.findPerson(tx, idOrName)),
    listPeople: (options) => read((tx) => people.listPeople(tx, options?.includeHidden ?? false)),
    listPersonNames: () => read((tx) => placements.listPersonNames(tx)),
    addConstraint: (constraint) => writePeople((tx, co) => constraints.addConstraint(tx, constraint, co)),
    listConstraints: () => read((tx) => constraints.listConstraints(tx)),
    removeConstraint: (constraint) => write((tx) => constraints.removeConstraint(tx, constraint)),
    forgetAssignments: (faceIds) => writePeople((tx, co) => decisions.forgetAssignments(tx, faceIds, co)),
    importPeople: (imported) => write((tx) => people.importPeople(tx, imported)),

    startRun: (root, pack) => write((tx) => runs.startRun(tx, root, pack)),
    finishRun: (runId, stats) => write((tx) => runs.finishRun(tx, runId, stats)),
    lastRun: () => read((tx) => runs.lastRun(tx)),
    recordError: (path, reason, at) => write((tx) => runs.recordError(tx, path, reason, at)),
    clearError: (path) => write((tx) => runs.clearError(tx, path)),
    listErrors: () => read((tx) => runs.listErrors(tx)),
    counts: () => read((tx) => runs.counts(tx)),

    getSetting: (key) =>
      read(async (tx) => {
        const result = await tx.run('MATCH (s:Setting {key: $key}) RETURN s.value AS value', { key });
        return (result.records[0]?.get('value') as string | undefined) ?? null;
      }),
    setSetting: (key, value) =>
      write(async (tx) => {
        await tx.run('MERGE (s:Setting {key: $key}) SET s.value = $value', { key, value });
      }),
    listSettings: () =>
      read(async (tx) => {
        const result = await tx.run('MATCH (s:Setting) RETURN s.key AS key, s.value AS value ORDER BY key');
        return new Map(result.records.map((record) => [record.get('key') as string, record.get('value') as string]));
      }),
    deleteSetting: (key) =>
      write(async (tx) => {
        await tx.run('MATCH (s:Setting {key: $key}) DELETE s', { key });
      }),

    addSuggestions: (added) => write((tx) => suggestions.addSuggestions(tx, added)),
    listSuggestions: (filter) => read((tx) => suggestions.listSuggestions(tx, filter)),
    getSuggestion: (id) => read((tx) => suggestions.getSuggestion(tx, id)),
    decideSuggestion: (id, status) => write((tx) => suggestions.decideSuggestion(tx, id, status)),
    wasRejected: (target, kind, value) => read((tx) => suggestions.wasRejected(tx, target, kind, value)),
    importSuggestions: (imported) => write((tx) => suggestions.importSuggestions(tx, imported)),
    suggestedTargets: (type, promptVersion) => read((tx) => suggestions.suggestedTargets(tx, type, promptVersion)),

    close: () => connection.close(),
  };
}
