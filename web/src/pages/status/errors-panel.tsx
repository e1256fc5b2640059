import { useQuery } from '@tanstack/react-query';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/error-message';
import { time } from './scan-panel';
import { TableHead } from '../../components/table-head';

/** Files the scans could not read, and why. */
export function ErrorsPanel() {
  const errors = useQuery(queries.errors());
  return (
    <section className="card" aria-labelledby="errors-title">
      <h2 id="errors-title">Scan errors</h2>
      {errors.isError ? <ErrorMessage error={errors.error} title="Could not list the scan errors" /> : null}
      {errors.data && errors.data.items.length === 0 ? <p className="muted">Every file scanned so far could be read.</p> : null}
      {errors.data && errors.data.items.length > 0 ? (
        <table className="table">
          <TableHead columns={['File', 'Why', 'When']} />
          <tbody>
            {errors.data.items.slice(0, 50).map((e) => (
              <tr key={`${e.path}-${e.at}`}>
                <td className="mono small">{e.path}</td>
                <td>{e.reason}</td>
                <td className="small">{time(e.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
