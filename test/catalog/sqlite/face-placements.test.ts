import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/catalog/sqlite/connection.js';
import { COVERED_READS } from '../../../src/catalog/sqlite/face-placements.js';
import { migrate } from '../../../src/catalog/sqlite/migrations.js';
import { openSqliteCatalog } from '../../../src/catalog/sqlite/open-sqlite-catalog.js';
import { makeFaces, makeInput, PACK, seededRandom, shaOf } from '../catalog-fixtures.js';

describe('face placements on SQLite', () => {
  // Every incremental run lists the pool and the faces of the people near its new faces; a face row holds its
  // embedding, so reading rows touches pages all over a large catalog (seconds from disk at a million faces).
  it('reads the pool and the faces of people from indexes alone, never from the face rows', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const plan = (sql: string, ...params: string[]) =>
      db.prepare<string[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((step) => step.detail);
    expect(plan(COVERED_READS.unplaced, PACK)).toEqual(['SEARCH faces USING COVERING INDEX faces_unplaced (pack=?)']);
    expect(plan(COVERED_READS.ofPeople, '["p1"]', PACK)).toContain('SEARCH faces USING COVERING INDEX faces_placed (person_id=?)');
    expect(plan(COVERED_READS.countsOfPeople, '["p1"]', PACK)).toContain('SEARCH faces USING COVERING INDEX faces_placed (person_id=?)');
    db.close();
  });

  it('keeps the index in step as faces are placed, freed and decided by the user', async () => {
    const catalog = await openSqliteCatalog(':memory:');
    await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/1.jpg', faces: makeFaces(seededRandom(1), 3) }));
    const [a, b, c] = (await catalog.listFaces({ pack: PACK })).map((f) => f.id);
    const pool = async () => (await catalog.listFacePlacements(PACK, { unplaced: true })).map((f) => f.id);
    expect(await pool()).toEqual([a, b, c]);
    const person = await catalog.createPerson('A');
    await catalog.assignFaces([
      { faceId: a!, personId: person, source: 'auto' },
      { faceId: b!, personId: null, source: 'user' },
    ]);
    expect(await pool()).toEqual([c]);
    await catalog.assignFaces([{ faceId: a!, personId: null, source: 'auto' }]);
    expect(await pool()).toEqual([a, c]);
    await catalog.close();
  });
});
