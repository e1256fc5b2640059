import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { GRAPH_IN_MEMORY_FACES, neighbourSourceFor } from '../../src/library/neighbour-source.js';
import type { Library } from '../../src/library/open-library.js';

/** Only counts() is asked for; a library double with a face count stands in for a filled graph. */
function libraryWithFaces(kind: Library['kind'], faces: number): Library {
  const catalog = { counts: async () => ({ photos: 0, faces, people: 0, files: 0, errors: 0 }) } as Partial<Catalog> as Catalog;
  return { dir: '/x', kind, catalog, objects: null as never, describeCatalog: () => '', close: async () => {} };
}

describe('neighbourSourceFor', () => {
  it('computes neighbours in memory for embedded libraries and graphs up to the limit', async () => {
    expect(await neighbourSourceFor(libraryWithFaces('embedded', GRAPH_IN_MEMORY_FACES * 10))).toBe('batch');
    expect(await neighbourSourceFor(libraryWithFaces('graph', GRAPH_IN_MEMORY_FACES))).toBe('batch');
  });

  it("asks the graph's vector index above it", async () => {
    expect(await neighbourSourceFor(libraryWithFaces('graph', GRAPH_IN_MEMORY_FACES + 1))).toBe('index');
  });
});
