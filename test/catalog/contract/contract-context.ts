import type { Catalog, Constraint, StoredFace } from '../../../src/catalog/catalog.js';
import type { PhotoSpec } from '../catalog-fixtures.js';

/** What every part of the catalog contract works with: the catalog under test (opened fresh for each test). */
export interface ContractContext {
  readonly catalog: Catalog;
  /** Seeded afresh for each test, so each test's random faces are the same on every backend. */
  random(): number;
  /** Stores a photo and returns the ids of its faces, in index order. */
  store(spec: PhotoSpec): Promise<string[]>;
  storeWithFaces(n: number, sha256: string, path: string, pack?: string): Promise<string[]>;
  byId(faces: StoredFace[]): Map<string, StoredFace>;
}

/** Constraints compared as a set, with different-people pairs in either order. */
export function normalise(constraints: Constraint[]): string[] {
  return constraints
    .map((constraint) =>
      constraint.kind === 'not-person'
        ? `not-person ${constraint.faceId} ${constraint.personId}`
        : `different-people ${[constraint.personA, constraint.personB].sort().join(' ')}`,
    )
    .sort();
}
