import { useQuery } from '@tanstack/react-query';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/error-message';
import { usePageTitle } from '../../components/use-page-title';
import { ErrorsPanel } from './errors-panel';
import { JobsPanel } from './jobs-panel';
import { PacksPanel, RunsPanel } from './packs-and-runs';
import { ScanPanel } from './scan-panel';
import { StatusOverview } from './status-overview';
import { WorkersPanel } from './workers-panel';

/** The administration dashboard: health of every part, model packs, scans, workers, jobs and errors. */
export function StatusPage() {
  usePageTitle('Status');
  const status = useQuery(queries.status());
  const data = status.data;
  return (
    <section className="page">
      <div className="page-head">
        <h1>Status</h1>
        {status.dataUpdatedAt > 0 ? <p className="muted small">updated {new Date(status.dataUpdatedAt).toLocaleTimeString('en-GB')}</p> : null}
      </div>
      {status.isPending ? <Loading what="the status" /> : null}
      {status.isError ? <ErrorMessage error={status.error} title="Could not read the status" onRetry={() => void status.refetch()} /> : null}
      {data ? <StatusOverview status={data} /> : null}
      <div className="dashboard">
        <ScanPanel />
        {data ? <PacksPanel status={data} /> : null}
        {data ? <RunsPanel status={data} /> : null}
        <WorkersPanel />
        <JobsPanel />
        <ErrorsPanel />
      </div>
    </section>
  );
}
