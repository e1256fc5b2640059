import type { Status } from '../../api/types';
import { time } from './scan-panel';
import { TableHead } from '../../components/table-head';

/** Model packs: which one the library uses, whether its weights are here, licence and LFW calibration. */
export function PacksPanel({ status }: { status: Status }) {
  return (
    <section className="card wide" aria-labelledby="packs-title">
      <h2 id="packs-title">Model packs</h2>
      <div className="table-scroll">
        <table className="table">
          <TableHead columns={['Pack', 'Weights', 'LFW pairs', 'Licence']} />
          <tbody>
            {status.packs.map((pack) => (
              <tr key={pack.name}>
                <th scope="row" className="mono small">
                  {pack.name}
                  {pack.name === status.pack ? <span className="badge badge-accent">in use</span> : null}
                </th>
                <td>
                  {pack.installed ? (
                    <span className="state state-ok">installed</span>
                  ) : (
                    <span className="state" title={[...pack.missing, ...pack.badChecksum].join(', ')}>
                      {pack.badChecksum.length > 0 ? 'bad checksum' : `${pack.missing.length} missing`}
                    </span>
                  )}
                </td>
                <td className="small">
                  {pack.calibration
                    ? `${(pack.calibration.accuracy * 100).toFixed(2)} % ± ${(pack.calibration.std * 100).toFixed(2)} (threshold ${pack.calibration.threshold.toFixed(3)})`
                    : '–'}
                </td>
                <td className="small">{pack.licence}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The library's last scan or reclustering, with what it counted. */
export function RunsPanel({ status }: { status: Status }) {
  const run = status.lastRun;
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Last run</h2>
      {run === null ? (
        <p className="muted">No run yet.</p>
      ) : (
        <>
          <p>
            <span className="mono small">{run.root}</span>
            <br />
            <span className="muted small">
              {time(run.startedAt)} → {run.finishedAt ? time(run.finishedAt) : 'not finished'} · {run.pack}
            </span>
          </p>
          <dl className="component-facts run-stats">
            {Object.entries(run.stats).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{Number.isInteger(v) ? v.toLocaleString('en') : v.toFixed(2)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
