import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import type { Box } from '../../src/domain/types.js';
import { chosenFaces } from '../../src/eval/evaluate-library.js';
import { makeFace, makeInput, PACK, randomUnitVector, seededRandom, shaOf } from '../catalog/catalog-fixtures.js';

describe('chosenFaces', () => {
  let catalog: Catalog;
  const random = seededRandom(7);
  const face = (index: number, box: Box) => ({ ...makeFace(index, randomUnitVector(random, 8)), box });

  beforeEach(async () => {
    catalog = await openSqliteCatalog(':memory:');
    // 250x250 crop: a small face in the middle, a big one in the corner.
    await catalog.storePhoto(makeInput({
      sha256: shaOf(1),
      path: '/d/lfw/a.jpg',
      meta: { width: 250, height: 250 },
      faces: [face(0, { x: 0, y: 0, w: 120, h: 120 }), face(1, { x: 105, y: 105, w: 40, h: 40 })],
    }));
    await catalog.storePhoto(makeInput({ sha256: shaOf(2), path: '/d/lfw/none.jpg', meta: { width: 250, height: 250 }, faces: [] }));
  });

  afterEach(async () => {
    await catalog.close();
  });

  it('picks the face nearest the centre, or the largest', async () => {
    const centre = await chosenFaces(catalog, PACK, ['/d/lfw/a.jpg'], 'centre');
    expect(centre.get('/d/lfw/a.jpg')?.index).toBe(1);
    const largest = await chosenFaces(catalog, PACK, ['/d/lfw/a.jpg'], 'largest');
    expect(largest.get('/d/lfw/a.jpg')?.index).toBe(0);
  });

  it('leaves out photos without a face, unknown paths and other packs', async () => {
    const chosen = await chosenFaces(catalog, PACK, ['/d/lfw/none.jpg', '/d/lfw/unknown.jpg', '/d/lfw/a.jpg', '/d/lfw/a.jpg'], 'centre');
    expect([...chosen.keys()]).toEqual(['/d/lfw/a.jpg']);
    expect((await chosenFaces(catalog, 'other-pack', ['/d/lfw/a.jpg'], 'centre')).size).toBe(0);
  });
});
