import { afterEach, beforeEach, describe } from 'vitest';
import { faceId, type Catalog, type StoredFace } from '../../src/catalog/catalog.js';
import { makeFaces, makeInput, PACK, seededRandom, type PhotoSpec } from './catalog-fixtures.js';
import type { ContractContext } from './contract/contract-context.js';
import { photosFilesSettingsContract } from './contract/photos-files-settings.js';
import { importPruningFacesContract } from './contract/import-pruning-faces.js';
import { peopleAndAssignmentsContract } from './contract/people-and-assignments.js';
import { constraintsAndDecisionsContract } from './contract/constraints-and-decisions.js';
import { suggestionsContract } from './contract/suggestions.js';
import { clusteringReadsContract } from './contract/clustering-reads.js';

/**
 * The behaviour every Catalog implementation must have. It only uses the Catalog interface, so the same suite runs
 * against SQLite and Neo4j; its parts live in contract/, one file per area.
 */
export function describeCatalogContract(name: string, open: () => Promise<Catalog>): void {
  describe(`Catalog contract: ${name}`, () => {
    let catalog: Catalog;
    let random: () => number;

    beforeEach(async () => {
      catalog = await open();
      random = seededRandom(20240601);
    });

    afterEach(async () => {
      await catalog.close();
    });

    const ctx: ContractContext = {
      get catalog() {
        return catalog;
      },
      random: () => random(),
      async store(spec: PhotoSpec): Promise<string[]> {
        await catalog.storePhoto(makeInput(spec));
        return (spec.faces ?? []).map((face) => faceId(spec.sha256, spec.pack ?? PACK, face.index));
      },
      storeWithFaces: (n: number, sha256: string, path: string, pack = PACK) => ctx.store({ sha256, path, pack, faces: makeFaces(random, n) }),
      byId: (faces: StoredFace[]) => new Map(faces.map((face) => [face.id, face])),
    };

    photosFilesSettingsContract(ctx);
    importPruningFacesContract(ctx);
    peopleAndAssignmentsContract(ctx);
    constraintsAndDecisionsContract(ctx);
    suggestionsContract(ctx);
    clusteringReadsContract(ctx);
  });
}
