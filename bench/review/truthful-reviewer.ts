import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import type { QuestionView } from '../../src/review/review-service.js';

export interface ReviewRun {
  answers: number;
  yes: number;
  no: number;
  /** Questions about faces or people the labels say nothing of (background faces): skipped, still counted. */
  skipped: number;
  /** Answers that merged two people. */
  merges: number;
}

/**
 * A user who answers the queue from the labels (the identity of each labelled photo's main face): a face is the person
 * whose labelled faces mostly share its identity. Questions the labels cannot answer are skipped; the run ends when
 * the queue is empty, comes round to a skipped question, or after `limit` answers.
 */
export async function reviewTruthfully(
  lib: FacetagLibrary,
  identityOf: ReadonlyMap<string, string>,
  limit: number,
  afterEach: () => Promise<void> = async () => {},
): Promise<ReviewRun> {
  const run: ReviewRun = { answers: 0, yes: 0, no: 0, skipped: 0, merges: 0 };
  const skipped = new Set<string>();
  while (run.answers < limit) {
    const [question] = (await lib.reviewNext(1)).questions;
    if (!question || skipped.has(question.id)) break;
    const truth = await truthOf(lib, identityOf, question);
    await lib.reviewAnswer(question.id, truth ?? 'skip');
    run.answers++;
    if (truth === null) {
      skipped.add(question.id);
      run.skipped++;
    } else run[truth]++;
    if (truth === 'yes' && question.kind === 'same-person') run.merges++;
    await afterEach();
  }
  return run;
}

async function truthOf(lib: FacetagLibrary, identityOf: ReadonlyMap<string, string>, q: QuestionView): Promise<'yes' | 'no' | null> {
  const personIdentity = async (personId: string) => majority((await lib.backends.catalog.listFaces({ personId })).map((f) => identityOf.get(f.id)));
  if (q.kind === 'face-person') {
    const [face, person] = [identityOf.get(q.face.id), await personIdentity(q.person.id)];
    return face === undefined || person === null ? null : face === person ? 'yes' : 'no';
  }
  const [a, b] = [await personIdentity(q.a.id), await personIdentity(q.b.id)];
  return a === null || b === null ? null : a === b ? 'yes' : 'no';
}

function majority(identities: readonly (string | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const id of identities) if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? null;
}
