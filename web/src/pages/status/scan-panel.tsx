import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { queries } from '../../api/queries';
import type { Scan } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { plural } from '../../components/person-name';
import { useScan } from './use-scan-events';
import { TableHead } from '../../components/table-head';

/** Start a scan of a folder below the server's --roots and watch it run; the scans started over HTTP below. */
export function ScanPanel() {
  const client = useQueryClient();
  const [path, setPath] = useState('');
  const [current, setCurrent] = useState<string | null>(null);
  const inputId = useId();
  const helpId = useId();
  const scans = useQuery(queries.scans());
  const start = useMutation({
    mutationFn: (p: string) => api.startScan([p]),
    onSuccess: (scan) => {
      client.setQueryData(['admin', 'scan', scan.id], scan);
      setCurrent(scan.id);
      void client.invalidateQueries({ queryKey: ['admin', 'scans'] });
    },
  });
  const latest = current ?? scans.data?.items.find((s) => s.state === 'running')?.id ?? null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim() !== '') start.mutate(path.trim());
  };
  return (
    <section className="card wide" aria-labelledby="scan-title">
      <h2 id="scan-title">Scan</h2>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={inputId}>Folder to scan</label>
        <input id={inputId} className="input input-wide" value={path} onChange={(e) => setPath(e.target.value)} aria-describedby={helpId} placeholder="/photos/2024" />
        <button type="submit" className="button button-primary" disabled={start.isPending}>
          Start scan
        </button>
      </form>
      <p id={helpId} className="muted small">
        A folder (or file) on the server, below one of the folders facetag serve was given with --roots.
      </p>
      {start.isError ? <ErrorMessage error={start.error} title="The scan did not start" /> : null}
      {latest !== null ? <ScanProgress scanId={latest} /> : null}
      {scans.data && scans.data.items.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Scans started over HTTP</caption>
          <TableHead columns={['Started', 'Folders', 'State', 'Photos', 'Faces']} />
          <tbody>
            {scans.data.items.slice(0, 8).map((s) => (
              <tr key={s.id}>
                <td>{time(s.startedAt)}</td>
                <td className="mono small">{s.paths.join(', ')}</td>
                <td>
                  <span className={`state state-${s.state}`}>{s.state}</span>
                </td>
                <td>{s.done}/{s.found}</td>
                <td>{s.faces}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ScanProgress({ scanId }: { scanId: string }) {
  const scan = useScan(scanId);
  const stop = useMutation({ mutationFn: () => api.stopScan(scanId) });
  if (scan.isError) return <ErrorMessage error={scan.error} title="Could not follow the scan" />;
  if (!scan.data) return null;
  const s: Scan = scan.data;
  const share = s.found === 0 ? (s.state === 'running' ? 0 : 1) : s.done / s.found;
  return (
    <div className="scan-progress" role="status" aria-live="polite" data-state={s.state}>
      <div className="scan-progress-head">
        <strong>{s.state === 'running' ? 'Scanning' : `Scan ${s.state}`}</strong>
        <span className="mono small">{s.paths.join(', ')}</span>
        {s.state === 'running' ? (
          <button type="button" className="button button-quiet" onClick={() => stop.mutate()} disabled={stop.isPending}>
            Stop
          </button>
        ) : null}
      </div>
      <progress max={1} value={share} aria-label="Scan progress" />
      <p className="small">
        {s.done} of {s.found} photos · {s.analysed} analysed · {s.unchanged} unchanged · {plural(s.faces, 'face')} · {s.failed} failed
      </p>
      {s.error ? <p className="error-detail">{s.error}</p> : null}
    </div>
  );
}

export function time(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
