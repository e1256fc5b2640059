import { AssignmentState } from '../../src/clustering/assignment-state.js';
import { ConstraintIndex } from '../../src/clustering/constraint-index.js';
import { NeighbourGraph } from '../../src/clustering/neighbour-graph.js';
import type { Constraint } from '../../src/catalog/catalog.js';
import type { ClusterFace } from '../../src/clustering/types.js';
import { tableNeighbours } from './similarity-table.js';

/**
 * A small hand-made world for the phases that work on an AssignmentState: faces (id -> photo),
 * who is already who, and the similarities between them.
 */
export async function stateFixture(spec: {
  photos: Record<string, string>;
  people?: Record<string, string>;
  similarities: Record<string, number>;
  constraints?: Constraint[];
  quality?: Record<string, number>;
}) {
  const ids = Object.keys(spec.photos);
  const faces = new Map<string, ClusterFace>(
    ids.map((id) => [id, { id, photoId: spec.photos[id]!, quality: spec.quality?.[id] ?? 1, personId: null, source: null }]),
  );
  const state = new AssignmentState(faces, new ConstraintIndex(spec.constraints ?? []));
  for (const [faceId, personId] of Object.entries(spec.people ?? {})) state.place(faceId, personId);
  const graph = await NeighbourGraph.load(tableNeighbours(ids, spec.similarities), new Set(ids), ids, 20);
  return { faces, state, graph };
}

export const ownPhotos = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, `photo-${id}`]));
