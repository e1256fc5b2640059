import type { Catalog, Constraint, StoredFace, StoredPerson } from '../catalog/catalog.js';
import type { ClusteringThresholds } from '../clustering/thresholds.js';
import type { ReviewInput } from './review-input.js';
import type { ReviewMemory } from './review-memory.js';
import type { ReviewNeighbours } from './review-neighbours.js';

/**
 * The library as read for one request: the queue's pure input, plus the stored records the answers are shown with.
 * Every request reads all faces (without embeddings), people and constraints, and ranks them all: cheap for the
 * libraries of the tests (67-718 faces), linear in the faces beyond. For 50,000 faces the ranked queue should be kept
 * and updated per answer (only the faces and people an answer touched change), not rebuilt per request.
 */
export interface ReviewSnapshot {
  input: ReviewInput;
  faces: ReadonlyMap<string, StoredFace>;
  people: ReadonlyMap<string, StoredPerson>;
  constraints: readonly Constraint[];
  notAFaces: ReadonlySet<string>;
}

export async function loadReviewSnapshot(
  catalog: Catalog,
  pack: string,
  thresholds: ClusteringThresholds,
  neighbours: ReviewNeighbours,
  memory: ReviewMemory,
): Promise<ReviewSnapshot> {
  const [faces, people, constraints, notAFaces, skipped] = await Promise.all([
    catalog.listFaces({ pack }),
    catalog.listPeople({ includeHidden: true }),
    catalog.listConstraints(),
    catalog.listNotAFaces(),
    memory.skipped(),
  ]);
  const lists = await neighbours.lists(faces.map((f) => f.id));
  const notAFaceSet = new Set(notAFaces);
  return {
    input: {
      faces: faces.map((f) => ({ id: f.id, photoId: f.photoSha256, personId: f.personId, source: f.source })),
      people: people.map(({ id, name, hidden }) => ({ id, name, hidden })),
      constraints,
      notAFaces: notAFaceSet,
      neighbours: lists,
      thresholds,
      skipped,
    },
    faces: new Map(faces.map((f) => [f.id, f])),
    people: new Map(people.map((p) => [p.id, p])),
    constraints,
    notAFaces: notAFaceSet,
  };
}
