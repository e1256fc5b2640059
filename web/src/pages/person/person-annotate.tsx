import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { queries } from '../../api/queries';
import type { Annotation } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { plural } from '../../components/person-name';

/**
 * "Ask the model": starts an annotation run for this person on the server (POST /api/annotate) and follows it until
 * it ends; its suggestions then show in the suggestions panel. Shown only when the server has a language model.
 */
export function PersonAnnotate({ personId }: { personId: string }) {
  const client = useQueryClient();
  // Whether the server has a model does not change while it runs: asked once, not every 10 s as on the status page.
  const status = useQuery({ ...queries.status(), refetchInterval: false });
  const [runId, setRunId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => api.startAnnotation([personId]),
    onSuccess: (run) => {
      client.setQueryData(['admin', 'annotation', run.id], run);
      setRunId(run.id);
    },
  });
  const run = useQuery({ ...queries.annotation(runId ?? ''), enabled: runId !== null });
  const ended = run.data !== undefined && run.data.state !== 'running';
  useEffect(() => {
    if (ended) void client.invalidateQueries({ queryKey: ['people', 'suggestions'] });
  }, [ended, client]);

  if (status.data?.llm.configured !== true) return null;
  const running = start.isPending || run.data?.state === 'running';
  return (
    <section className="card stack person-annotate" aria-label="Language model">
      <p>
        <button type="button" className="button" disabled={running} onClick={() => start.mutate()}>
          Ask the model
        </button>{' '}
        <span className="muted small">for a name, a description and relations from what the library knows of this person</span>
      </p>
      {start.isError ? <ErrorMessage error={start.error} title="The model was not asked" /> : null}
      {run.isError ? <ErrorMessage error={run.error} title="Could not follow the model's run" /> : null}
      {run.data ? <RunProgress run={run.data} /> : null}
    </section>
  );
}

function RunProgress({ run }: { run: Annotation }) {
  const tokens = `${run.promptTokens + run.completionTokens} tokens, ${(run.ms / 1000).toFixed(1)} s`;
  let text: string;
  if (run.state === 'running') text = `Asking the model… ${run.done}/${run.total || 1}`;
  else if (run.state === 'failed' || run.state === 'stopped') text = `The model's run ${run.state}: ${run.error ?? ''}`;
  else if (run.total === 0) text = 'Already asked: this person has suggestions from the current prompt.';
  else if (run.failed > 0) text = `The model's answer was unusable (${run.failures.map((f) => f.reason).join('; ')}); ${tokens}.`;
  else text = `The model made ${plural(run.suggestions, 'suggestion')} (${tokens}).`;
  return (
    <p className="small" role="status" aria-live="polite" data-state={run.state}>
      {text}
    </p>
  );
}
