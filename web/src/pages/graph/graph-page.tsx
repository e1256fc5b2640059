import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { queries } from '../../api/queries';
import type { CoOccurrenceGraph } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/error-message';
import { displayName, plural } from '../../components/person-name';
import { usePageTitle } from '../../components/use-page-title';
import { GraphView } from './graph-view';
import { TableHead } from '../../components/table-head';

/** The layout is quadratic in people: draw the ones on the most photos. */
const MOST_NODES = 300;

/** Who appears with whom: people as nodes sized by their photos, links as wide as the photos they share. */
export function GraphPage() {
  usePageTitle('Graph');
  const navigate = useNavigate();
  const graph = useQuery(queries.graph());
  const shown = useMemo(() => (graph.data ? biggest(graph.data, MOST_NODES) : null), [graph.data]);
  const open = useCallback((id: string) => navigate(`/people/${id}`), [navigate]);

  if (graph.isPending) return <Loading what="the graph" />;
  if (graph.isError) return <ErrorMessage error={graph.error} title="Could not load the graph" onRetry={() => void graph.refetch()} />;
  if (shown === null || shown.nodes.length === 0) return <p className="empty">No people yet.</p>;
  const names = new Map(shown.nodes.map((n) => [n.id, displayName(n)]));
  const links = [...shown.edges].sort((a, b) => b.photos - a.photos);
  return (
    <section className="page">
      <div className="page-head">
        <h1>Who appears with whom</h1>
        <p className="muted">
          {plural(shown.nodes.length, 'person')}
          {graph.data.nodes.length > shown.nodes.length ? ` (the ${MOST_NODES} on most photos, of ${graph.data.nodes.length})` : ''}, {plural(shown.edges.length, 'link')}. Bigger
          circles: more photos; wider links: more photos together. Click a person to open them.
        </p>
      </div>
      <div className="graph-layout">
        <GraphView graph={shown} onOpen={open} />
        <div className="graph-table card">
          <h2 className="side-title">Strongest links</h2>
          {links.length === 0 ? <p className="muted">No two people share a photo.</p> : null}
          <table className="table">
            <TableHead columns={['People', 'Photos']} />
            <tbody>
              {links.slice(0, 40).map((e) => (
                <tr key={`${e.source}-${e.target}`}>
                  <td>
                    <Link to={`/people/${e.source}`}>{names.get(e.source)}</Link> & <Link to={`/people/${e.target}`}>{names.get(e.target)}</Link>
                  </td>
                  <td>
                    <Link to={`/search?people=${e.source},${e.target}`} aria-label={`${e.photos} photos of ${names.get(e.source)} and ${names.get(e.target)}`}>
                      {e.photos}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function biggest(graph: CoOccurrenceGraph, most: number): CoOccurrenceGraph {
  if (graph.nodes.length <= most) return graph;
  const nodes = [...graph.nodes].sort((a, b) => b.photos - a.photos).slice(0, most);
  const kept = new Set(nodes.map((n) => n.id));
  return { nodes, edges: graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
}
