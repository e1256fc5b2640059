import type { Catalog } from '../catalog/catalog.js';
import type { ClusteringThresholds } from '../clustering/thresholds.js';
import { ConflictError, InvalidRequestError, LibraryRequestError } from '../library/library-errors.js';
import { applyAnswer, undoAnswer, type AnswerRecord } from './answer-question.js';
import { requireApplicable, type ReviewAnswer } from './question-applies.js';
import { parseQuestionId } from './question-ids.js';
import { questionViews, type QuestionView } from './question-views.js';
import { ReviewMemory } from './review-memory.js';
import { ReviewNeighbours } from './review-neighbours.js';
import type { QueueProgress } from './review-progress.js';
import { buildReviewQueue } from './review-queue.js';
import { loadReviewSnapshot, type ReviewSnapshot } from './review-snapshot.js';

export type { ReviewAnswer } from './question-applies.js';
export type { QuestionView } from './question-views.js';

export interface ReviewProgress extends QueueProgress {
  answered: number;
}

/** Most questions one call hands out: enough for a page to prefetch, few enough to stay cheap to show. */
export const MAX_REVIEW_COUNT = 50;

/** Undo reaches back this many answers of the session; older ones stay as corrections (undone on the person page). */
export const UNDO_DEPTH = 100;

type UndoEntry = { kind: 'answer'; record: AnswerRecord } | { kind: 'skip'; questionId: string; skippedBefore: string[] };

/**
 * The review queue over one library and pack: reads the library, ranks (review-queue.ts, pure), records answers as
 * corrections and takes them back. The queue is recomputed from the catalog on every call, so it re-ranks after each
 * answer and never asks what was answered, whoever answered it. Calls run one at a time: an answer is checked
 * against the state it is applied to. Undo covers this service's own answers (one per server session).
 */
export class ReviewService {
  private readonly neighbours: ReviewNeighbours;
  private readonly memory: ReviewMemory;
  private readonly undoStack: UndoEntry[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly catalog: Catalog,
    private readonly pack: string,
    private readonly thresholds: ClusteringThresholds,
  ) {
    this.neighbours = new ReviewNeighbours(catalog, pack, thresholds.neighbourCount);
    this.memory = new ReviewMemory(catalog);
  }

  async next(count = 1): Promise<{ questions: QuestionView[]; progress: ReviewProgress }> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_REVIEW_COUNT) {
      throw new InvalidRequestError(`count must be a whole number from 1 to ${MAX_REVIEW_COUNT}, got ${count}`);
    }
    return this.serially(async () => {
      const snapshot = await this.snapshot();
      const queue = buildReviewQueue(snapshot.input);
      return { questions: questionViews(snapshot, queue.questions.slice(0, count)), progress: await this.progressOf(queue.progress) };
    });
  }

  /** `applied`: the library changed (false for a skip, which only reorders the queue). */
  answer(questionId: string, answer: ReviewAnswer): Promise<{ applied: boolean; progress: ReviewProgress }> {
    return this.serially(async () => {
      const question = parseQuestionId(questionId);
      if (!question) throw new InvalidRequestError(`"${questionId}" is not a question id (fp:<face>:<person> or pp:<person>:<person>)`);
      const snapshot = await this.snapshot();
      requireApplicable(snapshot, question, answer);
      if (answer === 'skip') {
        this.remember({ kind: 'skip', questionId, skippedBefore: snapshot.input.skipped.slice() });
        await this.memory.skip(questionId);
      } else {
        this.remember({ kind: 'answer', record: await applyAnswer(this.catalog, snapshot, questionId, question, answer) });
        await this.memory.countAnswer(1);
      }
      return { applied: answer !== 'skip', progress: await this.currentProgress() };
    });
  }

  /** Takes back the latest answer or skip of this session; null when there is none left. */
  undo(): Promise<{ undone: string | null; progress: ReviewProgress }> {
    return this.serially(async () => {
      const entry = this.undoStack.pop();
      if (entry?.kind === 'skip') await this.memory.setSkipped(entry.skippedBefore);
      else if (entry) {
        await undoAnswer(this.catalog, entry.record).catch((error: unknown) => {
          if (error instanceof LibraryRequestError) throw error;
          const why = error instanceof Error ? error.message : String(error);
          throw new ConflictError(`cannot take back the answer to ${entry.record.questionId}, the library changed since: ${why}`);
        });
        await this.memory.countAnswer(-1);
      }
      const undone = entry === undefined ? null : entry.kind === 'skip' ? entry.questionId : entry.record.questionId;
      return { undone, progress: await this.currentProgress() };
    });
  }

  progress(): Promise<ReviewProgress> {
    return this.serially(() => this.currentProgress());
  }

  private async currentProgress(): Promise<ReviewProgress> {
    return this.progressOf(buildReviewQueue((await this.snapshot()).input).progress);
  }

  private async progressOf(queue: QueueProgress): Promise<ReviewProgress> {
    return { answered: await this.memory.answered(), ...queue };
  }

  private snapshot(): Promise<ReviewSnapshot> {
    return loadReviewSnapshot(this.catalog, this.pack, this.thresholds, this.neighbours, this.memory);
  }

  private remember(entry: UndoEntry): void {
    this.undoStack.push(entry);
    if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
