import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '../../api/client';
import { queries, useLibraryChanged } from '../../api/queries';
import type { Answer, ReviewBatch } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/error-message';
import { useNotify } from '../../components/notices';
import { usePageTitle } from '../../components/use-page-title';
import { QuestionCard } from './question-card';
import { ReviewProgressLine } from './review-progress';

const KEYS: Record<string, Answer | 'undo'> = { y: 'yes', n: 'no', s: 'skip', x: 'not-a-face', u: 'undo' };

/**
 * One question at a time, the one whose answer settles the most faces first (the server ranks them). Keys: Y yes,
 * N no, S skip, X not a face, U undo. Each answer is applied at once and the queue is ranked again.
 */
export function ReviewPage() {
  usePageTitle('Review');
  const client = useQueryClient();
  const notify = useNotify();
  const libraryChanged = useLibraryChanged();
  const batch = useQuery(queries.review());
  const key = queries.review().queryKey;
  const question = batch.data?.questions[0];

  const answer = useMutation({
    mutationFn: ({ questionId, answer }: { questionId: string; answer: Answer }) => api.answer(questionId, answer),
    onMutate: async ({ questionId }) => {
      await client.cancelQueries({ queryKey: key });
      const saved = client.getQueryData<ReviewBatch>(key);
      client.setQueryData<ReviewBatch>(key, (b) => (b === undefined ? b : { ...b, questions: b.questions.filter((q) => q.id !== questionId) }));
      return { saved };
    },
    onError: (err, _v, context) => {
      if (context?.saved) client.setQueryData(key, context.saved);
      notify('error', err instanceof Error ? err.message : String(err));
    },
    onSuccess: (result) => client.setQueryData<ReviewBatch>(key, (b) => (b === undefined ? b : { ...b, progress: result.progress })),
    // Not awaited: the answer is done once the server applied it. Awaiting the other views' refetch kept the page busy
    // (and the next question's keys waiting) for as long as the people lists took to reload.
    onSettled: () => void libraryChanged(),
  });
  const undo = useMutation({
    mutationFn: api.undo,
    onSuccess: (r) => notify('info', r.undone === null ? 'Nothing to undo' : 'Last answer undone'),
    onError: (err) => notify('error', err instanceof Error ? err.message : String(err)),
    onSettled: () => void libraryChanged(),
  });
  const busy = answer.isPending || undo.isPending;
  // A key pressed while an answer is still being applied is kept, with the question shown when it was pressed (the
  // next one, shown at once), and applied when the first answer is done: a quick typist loses no key. One key waits at
  // a time; U while an answer waits takes that answer back before it is sent.
  const waiting = useRef<{ choice: Answer | 'undo'; questionId: string | undefined } | null>(null);

  const run = (choice: Answer | 'undo', questionId: string | undefined) => {
    if (choice === 'undo') undo.mutate();
    else if (questionId !== undefined) answer.mutate({ questionId, answer: choice });
  };

  const act = (choice: Answer | 'undo') => {
    if (!busy) return run(choice, question?.id);
    if (choice === 'undo' && waiting.current !== null && waiting.current.choice !== 'undo') {
      waiting.current = null;
      notify('info', 'Last answer undone');
    } else if (waiting.current === null) waiting.current = { choice, questionId: question?.id };
  };

  useEffect(() => {
    if (busy || waiting.current === null) return;
    const { choice, questionId } = waiting.current;
    waiting.current = null;
    run(choice, questionId);
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      const choice = KEYS[e.key.toLowerCase()];
      if (choice === undefined) return;
      e.preventDefault();
      act(choice);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="page review-page">
      <div className="page-head">
        <h1>Review</h1>
        <p className="muted">The questions whose answers settle the most faces come first. Answered questions are not asked again.</p>
      </div>
      {batch.data ? <ReviewProgressLine progress={batch.data.progress} /> : null}
      {batch.isPending ? <Loading what="the next question" /> : null}
      {batch.isError ? <ErrorMessage error={batch.error} title="Could not get the next question" onRetry={() => void batch.refetch()} /> : null}
      {batch.isSuccess && question === undefined && !batch.isFetching ? (
        <div className="card empty-state">
          <h2>Nothing left to ask</h2>
          <p className="muted">Every face the queue could ask about is settled. New scans bring new questions.</p>
        </div>
      ) : null}
      {question === undefined && batch.isFetching && batch.isSuccess ? <Loading what="the next question" /> : null}
      {question ? (
        <div className="card review-card" data-question-id={question.id} data-question-kind={question.kind}>
          <QuestionCard question={question} />
          <div className="answer-bar" role="group" aria-label="Answer">
            <AnswerButton label="Yes" shortcut="Y" className="button-primary" onClick={() => act('yes')} disabled={busy} />
            <AnswerButton label="No" shortcut="N" className="button-danger" onClick={() => act('no')} disabled={busy} />
            <AnswerButton label="Skip" shortcut="S" onClick={() => act('skip')} disabled={busy} />
            {question.kind === 'face-person' ? <AnswerButton label="Not a face" shortcut="X" onClick={() => act('not-a-face')} disabled={busy} /> : null}
            <AnswerButton label="Undo" shortcut="U" className="button-quiet" onClick={() => act('undo')} disabled={busy} />
          </div>
        </div>
      ) : null}
      {question === undefined && batch.isSuccess ? (
        <div className="answer-bar">
          <AnswerButton label="Undo last answer" shortcut="U" className="button-quiet" onClick={() => act('undo')} disabled={busy} />
        </div>
      ) : null}
    </section>
  );
}

function AnswerButton({ label, shortcut, className, onClick, disabled }: { label: string; shortcut: string; className?: string; onClick: () => void; disabled: boolean }) {
  return (
    <button type="button" className={`button button-large ${className ?? ''}`} onClick={onClick} disabled={disabled} aria-keyshortcuts={shortcut}>
      {label} <kbd>{shortcut}</kbd>
    </button>
  );
}
