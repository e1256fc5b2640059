import type { Status } from '../../api/types';
import { plural } from '../../components/person-name';

type Health = 'ok' | 'down' | 'off';

interface Part {
  name: string;
  health: Health;
  facts: [string, string][];
  detail?: string | null;
}

/** Every component the library stands on, with its health, then the library's counts. */
export function StatusOverview({ status }: { status: Status }) {
  const parts: Part[] = [
    {
      name: 'Catalog',
      health: status.catalog.reachable ? 'ok' : 'down',
      facts: [['backend', status.catalog.backend], ['where', status.catalog.where]],
      detail: status.catalog.detail,
    },
    {
      name: 'Object store',
      health: status.objects.reachable ? 'ok' : 'down',
      facts: [['backend', status.objects.backend], ['where', status.objects.where]],
      detail: status.objects.detail,
    },
    {
      name: 'Queue',
      health: !status.queue.configured ? 'off' : status.queue.reachable ? 'ok' : 'down',
      facts: status.queue.configured ? [['where', status.queue.where ?? '–']] : [['mode', 'local threads']],
      detail: status.queue.detail,
    },
    {
      name: 'Workers',
      health: status.workers === null ? 'off' : status.workers.count > 0 ? 'ok' : 'down',
      facts: status.workers === null ? [['mode', 'this server only']] : [['running', String(status.workers.count)], ['images/s', status.workers.imagesPerSecond.toFixed(1)]],
    },
    { name: 'LLM', health: status.llm.configured ? 'ok' : 'off', facts: [] },
  ];
  const counts = status.counts;
  return (
    <>
      <dl className="facts">
        <Fact term="Library" value={status.library} mono />
        <Fact term="Model pack" value={status.pack ?? 'none yet (chosen on the first scan)'} mono />
        <Fact term="Version" value={status.version} />
        {counts ? (
          <Fact term="Holds" value={`${plural(counts.photos, 'photo')} (${plural(counts.files, 'file')}), ${plural(counts.faces, 'face')}, ${plural(counts.people, 'person')}`} />
        ) : null}
        {status.errors !== null ? <Fact term="Files not read" value={String(status.errors)} /> : null}
      </dl>
      <ul className="component-grid" aria-label="Components">
        {parts.map((part) => (
          <li key={part.name}>
            <ComponentCard part={part} />
          </li>
        ))}
      </ul>
    </>
  );
}

function Fact({ term, value, mono }: { term: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}

const HEALTH_WORDS: Record<Health, string> = { ok: 'healthy', down: 'unreachable', off: 'not configured' };

function ComponentCard({ part }: { part: Part }) {
  return (
    <article className="card component" aria-label={`${part.name}: ${HEALTH_WORDS[part.health]}`}>
      <header className="component-head">
        <span className={`dot dot-${part.health}`} aria-hidden="true" />
        <h3>{part.name}</h3>
        <span className={`state state-${part.health}`}>{HEALTH_WORDS[part.health]}</span>
      </header>
      <dl className="component-facts">
        {part.facts.map(([k, v]) => (
          <div key={k} className={v.length > 24 ? 'is-long' : undefined}>
            <dt>{k}</dt>
            <dd className={v.length > 24 ? 'mono small' : undefined} title={v}>
              {/* A long value's dd runs right-to-left so that the start of a path is clipped and its end (the file)
                  stays in view; the left-to-right marks keep the path's own "/" and dots in their places. */}
              {v.length > 24 ? `\u200e${v}\u200e` : v}
            </dd>
          </div>
        ))}
      </dl>
      {part.detail ? <p className="error-detail small">{part.detail}</p> : null}
    </article>
  );
}
