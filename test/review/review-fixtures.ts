import type { Neighbour } from '../../src/catalog/catalog.js';
import type { SimilarFace } from '../../src/clustering/neighbour-graph.js';
import { bruteForceNeighbours } from '../../src/clustering/brute-force-neighbours.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import type { ReviewInput } from '../../src/review/review-input.js';
import type { SimulatedLibrary } from '../clustering/simulated-library.js';

/** The review queue's input for an in-memory library: exact neighbour lists as the service computes them. */
export function reviewInputOf(library: SimulatedLibrary, options: { skipped?: string[]; notAFaces?: string[] } = {}): ReviewInput {
  const faces = [...library.faces.values()];
  const nearest = bruteForceNeighbours(faces);
  const k = DEFAULT_CLUSTERING_THRESHOLDS.neighbourCount;
  const neighbours = new Map<string, SimilarFace[]>(
    faces.map((f) => [
      f.id,
      (nearest(f.id, k + 1) as Neighbour[])
        .filter((n) => n.faceId !== f.id)
        .slice(0, k)
        .map((n) => ({ faceId: n.faceId, similarity: 1 - n.distance })),
    ]),
  );
  return {
    faces: faces.map((f) => ({ id: f.id, photoId: f.photoId, ...library.assignment.get(f.id)! })),
    people: [...library.people.values()],
    constraints: library.constraints,
    notAFaces: new Set(options.notAFaces ?? []),
    neighbours,
    thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
    skipped: options.skipped ?? [],
  };
}

/** Each person's identity: the one most of its faces have. */
export function identityOfPeople(library: SimulatedLibrary): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const [faceId, { personId }] of library.assignment) {
    if (personId === null) continue;
    const identity = library.faces.get(faceId)!.identity;
    const byIdentity = counts.get(personId) ?? new Map<string, number>();
    byIdentity.set(identity, (byIdentity.get(identity) ?? 0) + 1);
    counts.set(personId, byIdentity);
  }
  return new Map([...counts].map(([personId, byIdentity]) => [personId, [...byIdentity].sort((a, b) => b[1] - a[1])[0]![0]]));
}
