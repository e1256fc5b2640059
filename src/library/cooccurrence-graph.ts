import { coAppearances } from '../catalog/neo4j/graph-queries.js';
import type { Neo4jCatalog } from '../catalog/neo4j/neo4j-catalog.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Library } from './open-library.js';

export interface GraphNode {
  id: string;
  name: string | null;
  photos: number;
  faces: number;
}

export interface GraphEdge {
  /** The smaller id of the pair (by number). */
  source: string;
  target: string;
  /** Photos on which both appear. */
  photos: number;
}

export interface CooccurrenceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Who appears with whom: every visible person a node, every pair sharing a photo an edge weighted by the photos they
 * share. Hidden people (strangers put away) are left out with their edges. A graph catalog keeps the pair counts
 * as APPEARS_WITH and answers in one query; the embedded catalog counts from all faces, grouped by photo (a
 * maintained pair table, as the graph's, belongs there for big libraries).
 */
export async function cooccurrenceGraph(library: Library): Promise<CooccurrenceGraph> {
  const people = await library.catalog.listPeople();
  const visible = new Set(people.map((p) => p.id));
  const pairs = library.kind === 'graph' ? await graphPairs(library.catalog as Neo4jCatalog) : await countedPairs(library.catalog);
  const number = (id: string) => Number(id.slice(1));
  const edges = pairs
    .filter((e) => visible.has(e.source) && visible.has(e.target))
    .map((e) => (number(e.source) <= number(e.target) ? e : { source: e.target, target: e.source, photos: e.photos }))
    .sort((a, b) => b.photos - a.photos || number(a.source) - number(b.source) || number(a.target) - number(b.target));
  return {
    nodes: people.map((p) => ({ id: p.id, name: p.name, photos: p.photos, faces: p.faces })),
    edges,
  };
}

async function graphPairs(catalog: Neo4jCatalog): Promise<GraphEdge[]> {
  return (await coAppearances(catalog)).map((pair) => ({ source: pair.personA, target: pair.personB, photos: pair.photos }));
}

async function countedPairs(catalog: Catalog): Promise<GraphEdge[]> {
  const peopleOnPhoto = new Map<string, Set<string>>();
  for (const face of await catalog.listFaces()) {
    if (face.personId === null) continue;
    const onPhoto = peopleOnPhoto.get(face.photoSha256) ?? new Set<string>();
    onPhoto.add(face.personId);
    peopleOnPhoto.set(face.photoSha256, onPhoto);
  }
  const counts = new Map<string, number>();
  for (const onPhoto of peopleOnPhoto.values()) {
    const ids = [...onPhoto].sort();
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const key = `${ids[i]} ${ids[j]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return [...counts].map(([key, photos]) => {
    const [source, target] = key.split(' ') as [string, string];
    return { source, target, photos };
  });
}
