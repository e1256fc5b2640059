import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/error-message';
import { useNotify } from '../../components/notices';
import { time } from './scan-panel';

/** The distributed queue: jobs per stage and state, and the failed ones with retry and drop. */
export function JobsPanel() {
  const jobs = useQuery(queries.jobs());
  const client = useQueryClient();
  const notify = useNotify();
  const act = useMutation({
    mutationFn: ({ action, stage, ids }: { action: 'retry' | 'drop'; stage: string; ids?: string[] }) => (action === 'retry' ? api.retryJobs(stage, ids) : api.dropJobs(stage, ids)),
    onSuccess: (r, v) => notify('info', `${v.action === 'retry' ? 'Retrying' : 'Dropped'} ${r.count} job${r.count === 1 ? '' : 's'}`),
    onError: (err) => notify('error', err instanceof Error ? err.message : String(err)),
    onSettled: () => client.invalidateQueries({ queryKey: ['admin', 'jobs'] }),
  });
  return (
    <section className="card" aria-labelledby="jobs-title">
      <h2 id="jobs-title">Jobs</h2>
      {jobs.isError ? <ErrorMessage error={jobs.error} title="Could not read the queue" /> : null}
      {jobs.data && !jobs.data.configured ? <p className="muted">No queue: this server scans on its own threads (start it with --queue to share work through Redis).</p> : null}
      {jobs.data?.configured ? (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                {STATES.map((s) => (
                  <th scope="col" key={s}>
                    {s}
                  </th>
                ))}
                <th scope="col">done per minute</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.stages.map((stage) => (
                <tr key={stage.stage}>
                  <th scope="row">{stage.stage}</th>
                  {STATES.map((s) => (
                    <td key={s}>{stage.counts[s]}</td>
                  ))}
                  <td title="the last 5 minutes, newest first">{stage.perMinute.length === 0 ? '–' : stage.perMinute.join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Failed jobs</h3>
          {jobs.data.failed.length === 0 ? <p className="muted">None.</p> : null}
          <ul className="failed-jobs">
            {jobs.data.failed.slice(0, 20).map((job) => (
              <li key={`${job.stage}-${job.id}`}>
                <span className="mono small">{job.stage}</span> <span className="mono small">{job.subject}</span>
                <span className="error-detail">{job.reason}</span>
                <span className="muted small">
                  {job.attemptsMade} attempts{job.failedAt ? `, last ${time(job.failedAt)}` : ''}
                </span>
                <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate({ action: 'retry', stage: job.stage, ids: [job.id] })}>
                  Retry
                </button>
                <button type="button" className="button button-danger" disabled={act.isPending} onClick={() => act.mutate({ action: 'drop', stage: job.stage, ids: [job.id] })}>
                  Drop
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
