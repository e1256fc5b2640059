import Graph from 'graphology';
import { useEffect, useRef, useState } from 'react';
import Sigma from 'sigma';
import type { CoOccurrenceGraph } from '../../api/types';
import { forceLayout } from './force-layout';

const NAMED = '#1f5fbf';
const UNNAMED = '#8a94a6';
const EDGE = '#b8c2d1';

/**
 * The co-occurrence graph drawn by sigma (WebGL): node size from photos, edge width from shared photos. Clicking a
 * node opens the person. Without WebGL it says so; the table beside it carries the same facts.
 */
export function GraphView({ graph, onOpen }: { graph: CoOccurrenceGraph; onOpen: (personId: string) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const g = new Graph({ type: 'undirected', multi: false });
    const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
    const edges = graph.edges.flatMap((e) => {
      const source = index.get(e.source);
      const target = index.get(e.target);
      return source === undefined || target === undefined || source === target ? [] : [{ source, target, weight: e.photos }];
    });
    const positions = forceLayout(graph.nodes.length, edges);
    const maxPhotos = Math.max(1, ...graph.nodes.map((n) => n.photos));
    const maxShared = Math.max(1, ...edges.map((e) => e.weight));
    graph.nodes.forEach((node, i) => {
      g.addNode(node.id, {
        x: positions[i]!.x,
        y: positions[i]!.y,
        size: 4 + 14 * Math.sqrt(node.photos / maxPhotos),
        label: node.name ?? `unnamed ${node.id}`,
        color: node.name === null ? UNNAMED : NAMED,
      });
    });
    for (const e of edges) {
      const a = graph.nodes[e.source]!.id;
      const b = graph.nodes[e.target]!.id;
      if (!g.hasEdge(a, b)) g.addEdge(a, b, { size: 0.5 + 4 * (e.weight / maxShared), color: EDGE });
    }
    let sigma: Sigma | null = null;
    try {
      sigma = new Sigma(g, element, { labelRenderedSizeThreshold: 6, labelFont: 'system-ui, sans-serif', labelColor: { color: '#1b1f24' }, defaultEdgeColor: EDGE, zIndex: true });
      sigma.on('clickNode', ({ node }) => onOpen(node));
      sigma.on('enterNode', () => element.style.setProperty('cursor', 'pointer'));
      sigma.on('leaveNode', () => element.style.removeProperty('cursor'));
      setFailure(null);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
    return () => sigma?.kill();
  }, [graph, onOpen]);

  return (
    <div className="graph-canvas-wrap">
      <div ref={container} className="graph-canvas" role="img" aria-label={`Graph of ${graph.nodes.length} people and ${graph.edges.length} links; the table lists the same`} />
      {failure ? (
        <p className="error-message graph-failure" role="alert">
          This browser could not draw the graph ({failure}); the table lists the same people and links.
        </p>
      ) : null}
    </div>
  );
}
