import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faceId, type Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { clusterLibrary } from '../../src/clustering/cluster-library.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../src/library/library-errors.js';
import { ReviewService, type QuestionView } from '../../src/review/review-service.js';
import { makeFace, makeInput, shaOf } from '../catalog/catalog-fixtures.js';
import { makeLibrary } from '../clustering/synthetic.js';
import { tempDir } from '../support/cli.js';

const PACK = 'synthetic-pack';

/** A real SQLite catalog holding a synthetic library (one photo per synthetic photo), clustered as a scan would. */
async function syntheticCatalog(file: string): Promise<Catalog> {
  const catalog = await openSqliteCatalog(file);
  const faces = makeLibrary({ seed: 11, identitySizes: [24, 16, 12, 10, 8, 6, 5], singletons: 10, lowQualityShare: 0.3, lookalikeSimilarity: 0.5, maxFacesPerPhoto: 3 });
  const photos = [...new Set(faces.map((f) => f.photoId))];
  await catalog.storePhotos(
    photos.map((photoId, n) => {
      const sha256 = shaOf(n + 1);
      const own = faces.filter((f) => f.photoId === photoId);
      return makeInput({ sha256, path: `/photos/${photoId}.jpg`, pack: PACK, faces: own.map((f, i) => makeFace(i, f.embedding, f.quality)) });
    }),
  );
  await clusterLibrary(catalog, PACK, DEFAULT_CLUSTERING_THRESHOLDS, { mode: 'recluster' });
  return catalog;
}

/** Everything an answer may change, comparable with toEqual. */
async function libraryState(catalog: Catalog) {
  const key = (c: Awaited<ReturnType<Catalog['listConstraints']>>[number]) =>
    c.kind === 'not-person' ? `not-person ${c.faceId} ${c.personId}` : `different-people ${[c.personA, c.personB].sort().join(' ')}`;
  return {
    faces: (await catalog.listFaces()).map((f) => `${f.id} ${f.personId} ${f.source}`),
    people: (await catalog.listPeople({ includeHidden: true })).map((p) => `${p.id} ${p.name} ${p.hidden} ${p.faces}`).sort(),
    constraints: (await catalog.listConstraints()).map(key).sort(),
    notAFaces: await catalog.listNotAFaces(),
  };
}

const service = (catalog: Catalog) => new ReviewService(catalog, PACK, DEFAULT_CLUSTERING_THRESHOLDS);

async function allQuestions(review: ReviewService): Promise<QuestionView[]> {
  return (await review.next(50)).questions;
}

function faceQuestion(questions: QuestionView[], holds: boolean) {
  const found = questions.find((q) => q.kind === 'face-person' && (q.face.personId === q.person.id) === holds);
  if (!found || found.kind !== 'face-person') throw new Error(`no face question with holds=${holds} in the queue`);
  return found;
}

describe('review service on a SQLite catalog', () => {
  let file: string;
  let catalog: Catalog;

  beforeEach(async () => {
    file = join(tempDir('review-service'), 'catalog.sqlite');
    catalog = await syntheticCatalog(file);
  });
  afterEach(async () => {
    await catalog.close();
  });

  it('records yes on an unassigned face as the user assignment, never asks it again, and undo restores', async () => {
    const review = service(catalog);
    const before = await libraryState(catalog);
    const q = faceQuestion(await allQuestions(review), false);
    const answered = await review.answer(q.id, 'yes');
    expect(answered.applied).toBe(true);
    expect(answered.progress.answered).toBe(1);
    const face = (await catalog.listFaces({ personId: q.person.id })).find((f) => f.id === q.face.id);
    expect(face).toMatchObject({ personId: q.person.id, source: 'user' });
    expect((await allQuestions(review)).map((x) => x.id)).not.toContain(q.id);

    expect(await review.undo()).toMatchObject({ undone: q.id, progress: { answered: 0 } });
    expect(await libraryState(catalog)).toEqual(before);
    expect(await review.undo()).toMatchObject({ undone: null });
  });

  it('records no on an assigned face as not-this-person (the face leaves), and undo gives it back', async () => {
    const review = service(catalog);
    const before = await libraryState(catalog);
    const q = faceQuestion(await allQuestions(review), true);
    await review.answer(q.id, 'no');
    expect(await catalog.listConstraints()).toContainEqual({ kind: 'not-person', faceId: q.face.id, personId: q.person.id });
    const face = (await catalog.listFaces()).find((f) => f.id === q.face.id)!;
    expect(face.personId).toBeNull();
    expect((await allQuestions(review)).map((x) => x.id)).not.toContain(q.id);

    await review.undo();
    expect(await libraryState(catalog)).toEqual(before);
  });

  it('records no on an unassigned face as a not-person constraint without an assignment', async () => {
    const review = service(catalog);
    const q = faceQuestion(await allQuestions(review), false);
    await review.answer(q.id, 'no');
    expect(await catalog.listConstraints()).toEqual([{ kind: 'not-person', faceId: q.face.id, personId: q.person.id }]);
    expect((await catalog.listFaces()).find((f) => f.id === q.face.id)).toMatchObject({ personId: null, source: null });
  });

  it('marks not-a-face: never asked or clustered again, and undo makes it a face again', async () => {
    const review = service(catalog);
    const before = await libraryState(catalog);
    const q = faceQuestion(await allQuestions(review), true);
    await review.answer(q.id, 'not-a-face');
    expect(await catalog.listNotAFaces()).toEqual([q.face.id]);
    await clusterLibrary(catalog, PACK, DEFAULT_CLUSTERING_THRESHOLDS, { mode: 'recluster' });
    expect((await catalog.listFaces()).find((f) => f.id === q.face.id)).toMatchObject({ personId: null, source: 'user' });
    expect((await allQuestions(review)).some((x) => x.kind === 'face-person' && x.face.id === q.face.id)).toBe(false);

    await review.undo();
    const after = await libraryState(catalog);
    expect(after.notAFaces).toEqual([]);
    // The re-cluster in between may have moved other faces; this face is back where it was.
    expect(after.faces.find((f) => f.startsWith(q.face.id))).toBe(before.faces.find((f) => f.startsWith(q.face.id)));
  });

  it('merges on yes to "same person?" and separates on no; undo brings the merged person back as it was', async () => {
    // A person split in two as clustering can leave one: half its faces in a second, unnamed person.
    const people = await catalog.listPeople();
    const big = people[0]!;
    await catalog.renamePerson(big.id, 'Ada');
    const half = (await catalog.listFaces({ personId: big.id })).filter((_, i) => i % 2 === 0).map((f) => f.id);
    const twin = await catalog.createPerson();
    await catalog.assignFaces(half.map((id) => ({ faceId: id, personId: twin, source: 'auto' as const })));
    const before = await libraryState(catalog);

    const review = service(catalog);
    const [top] = await allQuestions(review);
    expect(top).toMatchObject({ kind: 'same-person', a: { id: big.id, name: 'Ada' }, b: { id: twin } });
    if (top?.kind !== 'same-person') throw new Error('not a pair');
    expect(top.aFaces.length).toBeGreaterThan(0);
    expect(top.bFaces.every((f) => f.personId === twin)).toBe(true);

    await review.answer(top.id, 'yes');
    expect(await catalog.findPerson(twin)).toBeNull();
    expect(await catalog.findPerson('Ada')).toMatchObject({ id: big.id, faces: big.faces });
    await expect(review.answer(top.id, 'yes')).rejects.toThrow(ConflictError);

    await review.undo();
    expect(await libraryState(catalog)).toEqual(before);

    await review.answer(top.id, 'no');
    expect(await catalog.listConstraints()).toEqual([{ kind: 'different-people', personA: big.id, personB: twin }]);
    expect((await allQuestions(review)).map((q) => q.id)).not.toContain(top.id);
    await review.undo();
    expect(await libraryState(catalog)).toEqual(before);
  });

  it('keeps answers and skips across a restart: a rejected suggestion does not come back, a skipped one comes last', async () => {
    const review = service(catalog);
    const questions = await allQuestions(review);
    const rejected = faceQuestion(questions, false);
    const skipped = questions.find((q) => q.id !== rejected.id)!;
    await review.answer(rejected.id, 'no');
    expect((await review.answer(skipped.id, 'skip')).applied).toBe(false);
    await catalog.close();

    catalog = await openSqliteCatalog(file);
    const fresh = service(catalog);
    const { questions: after, progress } = await fresh.next(50);
    expect(after.map((q) => q.id)).not.toContain(rejected.id);
    expect(after.at(-1)!.id).toBe(skipped.id);
    expect(progress.answered).toBe(1);
    // Undo belongs to the session that answered: a new one has nothing to take back.
    expect((await fresh.undo()).undone).toBeNull();
  });

  it('refuses stale, malformed and meaningless answers with the matching error, changing nothing', async () => {
    const review = service(catalog);
    const q = faceQuestion(await allQuestions(review), false);
    const other = (await catalog.listPeople()).find((p) => p.id !== q.person.id)!;
    await catalog.assignFaces([{ faceId: q.face.id, personId: other.id, source: 'user' }]);
    const before = await libraryState(catalog);

    await expect(review.answer(q.id, 'yes')).rejects.toThrow(ConflictError);
    await expect(review.answer('fp:nonsense', 'yes')).rejects.toThrow(InvalidRequestError);
    await expect(review.answer(`fp:${faceId(shaOf(999), PACK, 0)}:${q.person.id}`, 'yes')).rejects.toThrow(NotFoundError);
    await expect(review.answer(`pp:${q.person.id}:p99999`, 'no')).rejects.toThrow(ConflictError);
    const pair = (await allQuestions(review)).find((x) => x.kind === 'same-person');
    if (pair) await expect(review.answer(pair.id, 'not-a-face')).rejects.toThrow(InvalidRequestError);
    await expect(review.next(0)).rejects.toThrow(InvalidRequestError);
    expect(await libraryState(catalog)).toEqual(before);
    expect((await review.undo()).undone).toBeNull();
  });
});
