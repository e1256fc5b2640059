import type {
  Catalog,
  ClusteringChange,
  EmbeddingPage,
  FacePlacement,
  FacePlacementQuery,
  PersonName,
  Constraint,
  FaceAssignment,
  FaceWithEmbedding,
  Neighbour,
  NeighbourSearchKind,
  StoredFace,
  StoredPerson,
} from '../../src/catalog/catalog.js';
import { dot } from '../../src/domain/vector.js';

/**
 * TEST DOUBLE, not a catalog: just enough of the Catalog contract, in memory, for the clustering
 * service's tests until the SQLite catalog exists. Photo, file and run methods throw.
 * It also counts calls, so tests can check what the service asked for.
 */
export class InMemoryCatalogTestDouble implements Catalog {
  readonly faces = new Map<string, FaceWithEmbedding>();
  readonly people = new Map<string, { id: string; name: string | null; hidden: boolean }>();
  readonly constraints: Constraint[] = [];
  readonly calls = { nearestFaces: 0, listFacesWithEmbeddings: [] as { pack: string; unassignedOnly: boolean }[] };
  private nextPerson = 1;

  addFace(face: {
    id: string;
    photoSha256: string;
    pack: string;
    embedding: Float32Array;
    quality?: number;
    personId?: string | null;
    source?: 'auto' | 'user' | null;
  }): void {
    const q = face.quality ?? 0.9;
    this.faces.set(face.id, {
      id: face.id,
      photoSha256: face.photoSha256,
      index: 0,
      box: { x: 0, y: 0, w: 100, h: 100 },
      score: 0.9,
      landmarks: [[30, 40], [70, 40], [50, 60], [35, 80], [65, 80]],
      quality: { size: q, sharpness: q, frontal: q, overall: q },
      pack: face.pack,
      personId: face.personId ?? null,
      source: face.source ?? null,
      embedding: face.embedding,
    });
  }

  async listFaces(filter: { pack?: string; photoSha256?: string; personId?: string } = {}): Promise<StoredFace[]> {
    return this.sortedFaces()
      .filter((f) => filter.pack === undefined || f.pack === filter.pack)
      .filter((f) => filter.photoSha256 === undefined || f.photoSha256 === filter.photoSha256)
      .filter((f) => filter.personId === undefined || f.personId === filter.personId)
      .map(({ embedding: _embedding, ...face }) => face);
  }

  /** In listFaces' order (this double's: by id). */
  async listFacePlacements(pack: string, query: FacePlacementQuery): Promise<FacePlacement[]> {
    const picks = (f: StoredFace) =>
      (query.faceIds?.includes(f.id) ?? false) ||
      (f.personId !== null && (query.personIds?.includes(f.personId) ?? false)) ||
      (query.photoSha256s?.includes(f.photoSha256) ?? false) ||
      (query.unplaced === true && f.personId === null && f.source !== 'user') ||
      (query.decidedByUser === true && f.source === 'user');
    return (await this.listFaces({ pack }))
      .filter(picks)
      .map((f) => ({ id: f.id, photoSha256: f.photoSha256, index: f.index, quality: f.quality.overall, personId: f.personId, source: f.source }));
  }

  async countFacesOfPeople(pack: string, personIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const f of await this.listFaces({ pack })) {
      if (f.personId !== null && personIds.includes(f.personId)) counts.set(f.personId, (counts.get(f.personId) ?? 0) + 1);
    }
    return counts;
  }

  async listFacesWithEmbeddings(pack: string, filter: { unassignedOnly?: boolean } = {}): Promise<FaceWithEmbedding[]> {
    this.calls.listFacesWithEmbeddings.push({ pack, unassignedOnly: filter.unassignedOnly ?? false });
    return this.sortedFaces()
      .filter((f) => f.pack === pack && (!filter.unassignedOnly || f.personId === null))
      .map((f) => ({ ...f }));
  }

  async getFaceEmbeddings(faceIds: readonly string[]): Promise<Map<string, Float32Array>> {
    return new Map(faceIds.flatMap((id) => (this.faces.has(id) ? [[id, this.faces.get(id)!.embedding] as const] : [])));
  }

  async embeddingPage(pack: string, cursor: string | null, limit: number): Promise<EmbeddingPage> {
    const faces = this.sortedFaces().filter((f) => f.pack === pack && (cursor === null || f.id > cursor)).slice(0, limit);
    const dimensions = faces[0]?.embedding.length ?? 0;
    const embeddings = new Float32Array(faces.length * dimensions);
    faces.forEach((f, i) => embeddings.set(f.embedding, i * dimensions));
    return { faceIds: faces.map((f) => f.id), embeddings, dimensions, next: faces.length < limit ? null : faces.at(-1)!.id };
  }

  async getFaces(faceIds: readonly string[]): Promise<StoredFace[]> {
    return [...new Set(faceIds)].flatMap((id) => {
      const face = this.faces.get(id);
      if (!face) return [];
      const { embedding: _embedding, ...stored } = face;
      return [stored];
    });
  }

  async nearestFaces(embedding: Float32Array, pack: string, k: number): Promise<Neighbour[]> {
    this.calls.nearestFaces++;
    return this.sortedFaces()
      .filter((f) => f.pack === pack)
      .map((f) => ({ faceId: f.id, distance: 1 - dot(embedding, f.embedding) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, k);
  }

  /** A scan of every face, as nearestFaces is. */
  async neighbourSearch(pack: string): Promise<NeighbourSearchKind> {
    return { approximate: false, faces: this.sortedFaces().filter((f) => f.pack === pack).length };
  }

  /** Checks everything first, so that, as in the real catalog, a failing change changes nothing. */
  async applyClustering(change: ClusteringChange): Promise<string[]> {
    for (const faceId of [...change.assignments.map((a) => a.faceId), ...change.newPeople.flat()]) this.face(faceId);
    for (const personId of [...change.assignments.flatMap((a) => a.personId ?? []), ...change.deletePeople]) this.person(personId);
    await this.assignFaces(change.assignments);
    const created: string[] = [];
    for (const faceIds of change.newPeople) {
      const personId = await this.createPerson();
      await this.assignFaces(faceIds.map((faceId) => ({ faceId, personId, source: 'auto' as const })));
      created.push(personId);
    }
    for (const personId of change.deletePeople) await this.deletePerson(personId);
    return created;
  }

  async createPerson(name: string | null = null): Promise<string> {
    const id = `p${this.nextPerson++}`;
    this.people.set(id, { id, name, hidden: false });
    return id;
  }

  async assignFaces(assignments: readonly FaceAssignment[]): Promise<void> {
    for (const a of assignments) {
      const face = this.face(a.faceId);
      if (a.personId !== null) this.person(a.personId);
      // As the real catalog: an automatic assignment never overrides the user.
      if (a.source === 'auto' && (face.source === 'user' || (a.personId !== null && this.isExcluded(a.faceId, a.personId)))) continue;
      face.personId = a.personId;
      // An automatic "nobody" is no decision: the face is simply unassigned.
      face.source = a.source === 'auto' && a.personId === null ? null : a.source;
    }
  }

  async renamePerson(personId: string, name: string): Promise<void> {
    this.person(personId).name = name;
  }

  async setHidden(personId: string, hidden: boolean): Promise<void> {
    this.person(personId).hidden = hidden;
  }

  async mergePeople(into: string, from: string): Promise<void> {
    for (const f of this.faces.values()) if (f.personId === from) Object.assign(f, { personId: into, source: 'user' });
    this.people.delete(from);
  }

  async deletePerson(personId: string): Promise<void> {
    for (const f of this.faces.values()) if (f.personId === personId) Object.assign(f, { personId: null, source: null });
    this.people.delete(personId);
  }

  async findPerson(idOrName: string): Promise<StoredPerson | null> {
    const person = this.people.get(idOrName) ?? [...this.people.values()].find((p) => p.name === idOrName);
    return person ? this.stored(person.id) : null;
  }

  async listPeople(options: { includeHidden?: boolean } = {}): Promise<StoredPerson[]> {
    return [...this.people.values()].filter((p) => options.includeHidden || !p.hidden).map((p) => this.stored(p.id));
  }

  async listPersonNames(): Promise<PersonName[]> {
    return [...this.people.values()].map(({ id, name, hidden }) => ({ id, name, hidden })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async addConstraint(constraint: Constraint): Promise<void> {
    this.constraints.push(constraint);
  }

  async listConstraints(): Promise<Constraint[]> {
    return [...this.constraints];
  }

  async close(): Promise<void> {}

  getFile = notInThisDouble;
  isPhotoScanned = notInThisDouble;
  storePhoto = notInThisDouble;
  storePhotos = notInThisDouble;
  addFaces = notInThisDouble;
  linkFile = notInThisDouble;
  listFiles = notInThisDouble;
  removeFiles = notInThisDouble;
  getPhoto = notInThisDouble;
  listPhotos = notInThisDouble;
  photosWithPeople = notInThisDouble;
  startRun = notInThisDouble;
  finishRun = notInThisDouble;
  lastRun = notInThisDouble;
  recordError = notInThisDouble;
  clearError = notInThisDouble;
  listErrors = notInThisDouble;
  counts = notInThisDouble;
  readonly settings = new Map<string, string>();

  async getSetting(key: string): Promise<string | null> {
    return this.settings.get(key) ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
  }

  listSettings = notInThisDouble;
  deleteSetting = notInThisDouble;
  importPeople = notInThisDouble;
  markNotAFace = notInThisDouble;
  listNotAFaces = notInThisDouble;
  removeConstraint = notInThisDouble;
  forgetAssignments = notInThisDouble;
  addSuggestions = notInThisDouble;
  listSuggestions = notInThisDouble;
  getSuggestion = notInThisDouble;
  decideSuggestion = notInThisDouble;
  wasRejected = notInThisDouble;
  suggestedTargets = notInThisDouble;
  importSuggestions = notInThisDouble;

  private sortedFaces(): FaceWithEmbedding[] {
    return [...this.faces.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private face(faceId: string): FaceWithEmbedding {
    const face = this.faces.get(faceId);
    if (!face) throw new Error(`test double: unknown face ${faceId}`);
    return face;
  }

  private isExcluded(faceId: string, personId: string): boolean {
    return this.constraints.some((c) => c.kind === 'not-person' && c.faceId === faceId && c.personId === personId);
  }

  private person(personId: string) {
    const person = this.people.get(personId);
    if (!person) throw new Error(`test double: unknown person ${personId}`);
    return person;
  }

  private stored(personId: string): StoredPerson {
    const person = this.person(personId);
    const faces = [...this.faces.values()].filter((f) => f.personId === personId);
    return { ...person, faces: faces.length, photos: new Set(faces.map((f) => f.photoSha256)).size, samplePath: null, bestFaceId: null };
  }
}

async function notInThisDouble(): Promise<never> {
  throw new Error('not implemented by InMemoryCatalogTestDouble: the clustering service should not need it');
}
