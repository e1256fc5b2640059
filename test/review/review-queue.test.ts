import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTERING_THRESHOLDS as T } from '../../src/clustering/thresholds.js';
import type { FacePersonQuestion } from '../../src/review/face-questions.js';
import type { SamePersonQuestion } from '../../src/review/pair-questions.js';
import { parseQuestionId, samePersonQuestionId } from '../../src/review/question-ids.js';
import { binaryEntropy, faceYesProbability, scoreQuestion, SETTLED_PROBABILITY } from '../../src/review/question-score.js';
import { buildReviewQueue, type ReviewQuestion } from '../../src/review/review-queue.js';
import { makeLibrary } from '../clustering/synthetic.js';
import { SimulatedLibrary } from '../clustering/simulated-library.js';
import { identityOfPeople, reviewInputOf } from './review-fixtures.js';

/** People of 5 to 30 faces, look-alike pairs, poor faces and strangers: clustering leaves doubt to ask about. */
async function clusteredLibrary(seed: number): Promise<SimulatedLibrary> {
  const faces = makeLibrary({
    seed,
    identitySizes: [30, 20, 15, 12, 10, 8, 6, 5, 5, 4],
    singletons: 20,
    lowQualityShare: 0.3,
    lookalikeSimilarity: 0.5,
    maxFacesPerPhoto: 3,
  });
  const library = new SimulatedLibrary(faces);
  await library.cluster('recluster');
  return library;
}

/** A user who knows who everyone is: the identity most of a person's faces have is that person. */
function truthfulAnswer(library: SimulatedLibrary, q: ReviewQuestion): 'yes' | 'no' {
  const identities = identityOfPeople(library);
  if (q.kind === 'face-person') return library.faces.get(q.faceId)!.identity === identities.get(q.personId) ? 'yes' : 'no';
  return identities.get(q.personA) === identities.get(q.personB) ? 'yes' : 'no';
}

/** Records an answer as the service does: a user assignment, or a constraint that takes the face out of the person. */
function answerFace(library: SimulatedLibrary, q: FacePersonQuestion, answer: 'yes' | 'no'): void {
  if (answer === 'yes') library.assignByUser([q.faceId], q.personId);
  else {
    library.constraints.push({ kind: 'not-person', faceId: q.faceId, personId: q.personId });
    if (library.personOf(q.faceId) === q.personId) library.assignment.set(q.faceId, { personId: null, source: null });
  }
}

const faceQuestions = (qs: readonly ReviewQuestion[]) => qs.filter((q): q is FacePersonQuestion => q.kind === 'face-person');
const pairQuestions = (qs: readonly ReviewQuestion[]) => qs.filter((q): q is SamePersonQuestion => q.kind === 'same-person');

describe('review queue scoring terms', () => {
  it('gives even odds a margin below matchSimilarity, and a rival as close as the person makes it a coin toss whatever the score', () => {
    expect(faceYesProbability(T.matchSimilarity - T.matchMargin, null, T)).toBeCloseTo(0.5, 10);
    expect(faceYesProbability(0.8, 0.8, T)).toBeCloseTo(0.5, 3);
    expect(faceYesProbability(0.8, 0.1, T)).toBeGreaterThan(SETTLED_PROBABILITY);
    expect(faceYesProbability(T.matchSimilarity + T.matchMargin, null, T)).toBeGreaterThan(faceYesProbability(T.matchSimilarity, null, T));
  });

  it('scores a coin toss above a near-certain answer, and many faces moved above one', () => {
    expect(binaryEntropy(0.5)).toBeCloseTo(1, 10);
    expect(binaryEntropy(0)).toBe(0);
    const coinToss = scoreQuestion(0.5, true, 1).score;
    expect(coinToss).toBeCloseTo(1.5, 10);
    expect(scoreQuestion(0.99, true, 1).score).toBeLessThan(0.1);
    expect(scoreQuestion(0.3, false, 10).score).toBeGreaterThan(coinToss * 2);
    // A sure merge of two faces outranks an unlikely merge of many: a "no" moves nothing.
    expect(scoreQuestion(0.99, false, 2).score).toBeGreaterThan(scoreQuestion(0.05, false, 20).score);
  });
});

describe('review queue on synthetic embeddings', () => {
  it('asks about faces near a decision boundary first; answering them moves faces, answering core faces moves none', async () => {
    for (const seed of [1, 2, 3]) {
      const library = await clusteredLibrary(seed);
      const queue = buildReviewQueue(reviewInputOf(library));
      const asked = faceQuestions(queue.questions);
      expect(asked.length).toBeGreaterThan(5);
      // Every face asked about is one clustering is unsure of; the faces left out are settled.
      for (const q of asked) expect(q.yesProbability).toBeLessThan(SETTLED_PROBABILITY);
      // Ranked by score, so coin tosses come before near-certain answers.
      for (let i = 1; i < asked.length; i++) expect(asked[i]!.score).toBeLessThanOrEqual(asked[i - 1]!.score);
      const meanUncertainty = (qs: FacePersonQuestion[]) => qs.reduce((s, q) => s + q.uncertainty, 0) / qs.length;
      expect(meanUncertainty(asked.slice(0, 5))).toBeGreaterThan(meanUncertainty(asked.slice(-5)));
      const doubted = new Set(asked.map((q) => q.faceId));
      const core = [...library.assignment].filter(([faceId, a]) => a.source === 'auto' && !doubted.has(faceId)).map(([faceId]) => faceId);
      expect(core.length).toBeGreaterThan(asked.length);

      const before = new Map([...library.assignment].map(([faceId, a]) => [faceId, a.personId]));
      const boundary = asked.slice(0, 10);
      for (const q of boundary) answerFace(library, q, truthfulAnswer(library, q));
      const movedByBoundary = boundary.filter((q) => library.personOf(q.faceId) !== before.get(q.faceId)).length;

      // The same number of questions about core faces ("is this face its own person?"), answered as truthfully.
      const identities = identityOfPeople(library);
      const coreAnswers = core.slice(0, 10).map((faceId) => {
        const personId = library.personOf(faceId)!;
        return { faceId, answer: library.faces.get(faceId)!.identity === identities.get(personId) ? 'yes' : 'no' };
      });
      const movedByCore = coreAnswers.filter((a) => a.answer === 'no').length;

      expect(movedByBoundary).toBeGreaterThan(movedByCore);
      expect(movedByCore).toBe(0);
    }
  });

  it('never asks a rejected suggestion again, also after a re-cluster', async () => {
    const library = await clusteredLibrary(4);
    let queue = buildReviewQueue(reviewInputOf(library));
    const assigned = faceQuestions(queue.questions).find((q) => q.holds)!;
    const unassigned = faceQuestions(queue.questions).find((q) => !q.holds)!;
    const pair = pairQuestions(queue.questions)[0]!;
    expect(assigned && unassigned && pair).toBeTruthy();

    answerFace(library, assigned, 'no');
    answerFace(library, unassigned, 'no');
    library.constraints.push({ kind: 'different-people', personA: pair.personA, personB: pair.personB });
    const rejected = [assigned.id, unassigned.id, pair.id];

    queue = buildReviewQueue(reviewInputOf(library));
    for (const id of rejected) expect(queue.questions.map((q) => q.id)).not.toContain(id);
    await library.cluster('recluster');
    queue = buildReviewQueue(reviewInputOf(library));
    for (const id of rejected) expect(queue.questions.map((q) => q.id)).not.toContain(id);
    // The face taken out was not given back to the person it is not.
    expect(library.personOf(assigned.faceId)).not.toBe(assigned.personId);
  });

  it('never asks about a face the user decided or marked as not a face, and does not count it as evidence', async () => {
    const library = await clusteredLibrary(5);
    const first = buildReviewQueue(reviewInputOf(library));
    const [a, b] = faceQuestions(first.questions);
    library.assignByUser([a!.faceId], a!.personId);
    const queue = buildReviewQueue(reviewInputOf(library, { notAFaces: [b!.faceId] }));
    const faces = new Set(faceQuestions(queue.questions).map((q) => q.faceId));
    expect(faces.has(a!.faceId)).toBe(false);
    expect(faces.has(b!.faceId)).toBe(false);
    expect(queue.progress.facesSettled).toBe(first.progress.facesSettled + 2);
  });

  it('puts a pair of big people split by clustering first, above a small split pair and any face', async () => {
    const library = await clusteredLibrary(6);
    const identities = identityOfPeople(library);
    const facesOf = (personId: string) => [...library.assignment].filter(([, a]) => a.personId === personId).map(([id]) => id);
    const bySize = [...library.people.keys()].sort((x, y) => facesOf(y).length - facesOf(x).length);
    // Split the biggest person and a small one in halves, as clustering would when a face's look changes.
    const split = (personId: string): string => {
      const half = facesOf(personId).filter((_, i) => i % 2 === 1);
      const other = library.createPerson();
      for (const faceId of half) library.assignment.set(faceId, { personId: other, source: 'auto' });
      return other;
    };
    const big = bySize[0]!;
    const small = bySize.find((id) => facesOf(id).length >= 4 && facesOf(id).length <= 6)!;
    const bigHalf = split(big);
    const smallHalf = split(small);
    expect(identities.get(big)).toBeDefined();

    const queue = buildReviewQueue(reviewInputOf(library));
    const ids = queue.questions.map((q) => q.id);
    const bigPair = samePersonQuestionId(big, bigHalf);
    const smallPair = samePersonQuestionId(small, smallHalf);
    expect(ids[0]).toBe(bigPair);
    expect(ids).toContain(smallPair);
    expect(ids.indexOf(smallPair)).toBeGreaterThan(0);
    const top = queue.questions[0] as SamePersonQuestion;
    expect(top.yesProbability).toBeGreaterThan(0.9);
    expect(top.facesMoved).toBe(facesOf(bigHalf).length);
    expect(top.aFaces.length).toBeGreaterThan(0);
    expect(top.bFaces.length).toBeGreaterThan(0);
  });

  it('keeps a "different people" answer through a re-cluster: neither side\'s faces join the other', async () => {
    const library = await clusteredLibrary(9);
    const facesOf = (personId: string) => [...library.assignment].filter(([, a]) => a.personId === personId).map(([id]) => id);
    const bySize = [...library.people.keys()].sort((x, y) => facesOf(y).length - facesOf(x).length);
    // A user's mistake: faces of a small person moved by hand into a big one, two left behind, too few to be a group.
    const big = bySize[0]!;
    const photos = (personId: string) => new Set(facesOf(personId).map((f) => library.faces.get(f)!.photoId));
    // Two people never on one photo together (else they are certainly different, and never asked about).
    const small = bySize.find((id) => facesOf(id).length >= 4 && facesOf(id).length <= 8 && ![...photos(id)].some((p) => photos(big).has(p)))!;
    expect(small).toBeDefined();
    library.assignByUser(facesOf(small).slice(2), big);
    const pair = pairQuestions(buildReviewQueue(reviewInputOf(library)).questions).find(
      (q) => [q.personA, q.personB].sort().join() === [big, small].sort().join(),
    );
    expect(pair).toBeDefined();
    // The truthful answer: most of `big` is someone else, so no.
    library.constraints.push({ kind: 'different-people', personA: big, personB: small });
    const left = facesOf(small);
    const before = facesOf(big).filter((f) => library.assignment.get(f)!.source === 'auto');
    await library.cluster('recluster');
    for (const faceId of left) expect(library.personOf(faceId)).not.toBe(big);
    for (const faceId of before) expect(library.personOf(faceId)).not.toBe(small);
    expect(buildReviewQueue(reviewInputOf(library)).questions.map((q) => q.id)).not.toContain(pair!.id);
  });

  it('sends skipped questions to the end, in the order they were skipped, and keeps the rest in rank order', async () => {
    const library = await clusteredLibrary(7);
    const ranked = buildReviewQueue(reviewInputOf(library)).questions.map((q) => q.id);
    const skipped = [ranked[2]!, ranked[0]!];
    const reordered = buildReviewQueue(reviewInputOf(library, { skipped })).questions.map((q) => q.id);
    expect(reordered.slice(-2)).toEqual(skipped);
    expect(reordered.slice(0, -2)).toEqual(ranked.filter((id) => !skipped.includes(id)));
  });

  it('estimates how many questions settle 90 % of the faces, from the faces each ranked question settles', async () => {
    const library = await clusteredLibrary(8);
    const { questions, progress } = buildReviewQueue(reviewInputOf(library));
    expect(progress.remaining).toBe(questions.length);
    expect(progress.facesTotal).toBe(library.faces.size);
    expect(progress.facesSettled).toBe(library.faces.size - faceQuestions(questions).length);
    const needed = Math.ceil(0.9 * progress.facesTotal) - progress.facesSettled;
    if (needed <= 0) expect(progress.questionsFor90).toBe(0);
    else {
      // Each face question settles its one face; pair questions settle the faces torn between their two people.
      const n = progress.questionsFor90!;
      expect(n).toBeGreaterThan(0);
      const prefix = questions.slice(0, n);
      if (prefix.every((q) => q.kind === 'face-person')) expect(n).toBe(needed);
      else expect(n).toBeLessThanOrEqual(needed);
    }
  });
});

describe('question ids', () => {
  it('say what they ask, one id per pair', () => {
    expect(parseQuestionId('fp:0123456789abcdef.yunet-w600k.3:p12')).toEqual({
      kind: 'face-person',
      faceId: '0123456789abcdef.yunet-w600k.3',
      personId: 'p12',
    });
    expect(samePersonQuestionId('p10', 'p9')).toBe('pp:p9:p10');
    expect(parseQuestionId('pp:p9:p10')).toEqual({ kind: 'same-person', personA: 'p9', personB: 'p10' });
    for (const bad of ['pp:p10:p9', 'pp:p3:p3', 'fp:x:y', 'xx:p1:p2', 'fp:a:b:p1', '']) expect(parseQuestionId(bad)).toBeNull();
  });
});
