import { useQuery } from '@tanstack/react-query';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/error-message';
import { time } from './scan-panel';
import { TableHead } from '../../components/table-head';

/** Machines working for this library through the queue, with their speed and last heartbeat. */
export function WorkersPanel() {
  const workers = useQuery(queries.workers());
  return (
    <section className="card" aria-labelledby="workers-title">
      <h2 id="workers-title">Workers</h2>
      {workers.isError ? <ErrorMessage error={workers.error} title="Could not list the workers" /> : null}
      {workers.data && !workers.data.configured ? <p className="muted">No queue: scans run in this server's own threads.</p> : null}
      {workers.data?.configured && workers.data.items.length === 0 ? <p className="muted">No worker is running. Start one with <code>facetag worker --queue …</code>.</p> : null}
      {workers.data && workers.data.items.length > 0 ? (
        <table className="table">
          <TableHead columns={['Machine', 'Stages', 'Device', 'Threads', 'Jobs', 'Photos', 'Images/s', 'Heartbeat']} />
          <tbody>
            {workers.data.items.map((w) => (
              <tr key={w.id}>
                <td>
                  {w.host} <span className="muted small">pid {w.pid}</span>
                  {w.state === 'stopping' ? <span className="badge">stopping</span> : null}
                </td>
                <td>{w.stages.join(', ')}</td>
                <td>{w.device}</td>
                <td>{w.threads}</td>
                <td>
                  {w.activeJobs}/{w.concurrency}
                </td>
                <td>{w.photos.toLocaleString('en')}</td>
                <td>{w.imagesPerSecond.toFixed(1)}</td>
                <td>{time(w.lastBeatAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
