import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { faceId } from '../../src/catalog/catalog.js';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { ConflictError, NotFoundError } from '../../src/library/library-errors.js';
import { listPeoplePage, searchPeople } from '../../src/people/people-listing.js';
import { requirePersonById } from '../../src/people/person-lookup.js';
import { createPersonWithFaces, renamePerson } from '../../src/people/person-naming.js';
import { makeFace, makeInput, PACK, randomUnitVector, seededRandom, shaOf } from '../catalog/catalog-fixtures.js';

/*
 * Listing and naming people on the real embedded catalog (in memory): five people with known faces, capture times
 * and names, so every sort, filter and clash has one right answer.
 */
let catalog: Catalog;
/** p1..p5, with 3, 1, 2, 2 and 1 faces. */
let ids: string[];

beforeEach(async () => {
  catalog = await openSqliteCatalog(':memory:');
  const random = seededRandom(3);
  const plan: [faces: number, takenAt: string | null, name: string | null, hidden: boolean][] = [
    [3, '2020-01-01T10:00:00.000Z', 'bob', false],
    [1, '2023-06-01T10:00:00.000Z', 'Ælfred', false],
    [2, null, null, false],
    [2, '2021-01-01T10:00:00.000Z', 'Alice', true],
    [1, '2022-01-01T10:00:00.000Z', null, false],
  ];
  ids = [];
  let photo = 0;
  for (const [faces, takenAt, name, hidden] of plan) {
    const id = await catalog.createPerson(name);
    ids.push(id);
    for (let i = 0; i < faces; i++) {
      const sha = shaOf(++photo);
      await catalog.storePhoto(makeInput({ sha256: sha, path: `/photos/${photo}.jpg`, faces: [makeFace(0, randomUnitVector(random, 8), 0.5 + i / 10)], meta: { takenAt } }));
      await catalog.assignFaces([{ faceId: faceId(sha, PACK, 0), personId: id, source: 'auto' }]);
    }
    if (hidden) await catalog.setHidden(id, true);
  }
});
afterEach(async () => {
  await catalog.close();
});

const listed = async (query: Parameters<typeof listPeoplePage>[1]) => (await listPeoplePage(catalog, query)).items.map((p) => p.id);

describe('listing people', () => {
  it('sorts by faces (then id), name (named first, as a reader orders them) or latest capture', async () => {
    const [p1, p2, p3, , p5] = ids;
    expect(await listed({})).toEqual([p1, p3, p2, p5]);
    expect(await listed({ sort: 'name' })).toEqual([p2, p1, p3, p5]);
    expect(await listed({ sort: 'recent' })).toEqual([p2, p5, p1, p3]);
  });

  it('filters named, unnamed and hidden, and by part of a name ignoring case', async () => {
    const [p1, p2, p3, p4, p5] = ids;
    expect(await listed({ filter: 'named' })).toEqual([p1, p2]);
    expect(await listed({ filter: 'unnamed' })).toEqual([p3, p5]);
    expect(await listed({ filter: 'hidden' })).toEqual([p4]);
    expect(await listed({ q: 'LF' })).toEqual([p2]);
    expect(await listed({ q: 'ice', filter: 'hidden' })).toEqual([p4]);
    expect((await searchPeople(catalog, 'ALI')).map((p) => p.id)).toEqual([p4]);
    expect(await searchPeople(catalog, '  ')).toEqual([]);
  });

  it('pages with the total of the whole list, and gives each person the best face as cover', async () => {
    const page = await listPeoplePage(catalog, { offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const first = (await listPeoplePage(catalog, { limit: 1 })).items[0]!;
    // p1's third face (quality 0.7) is its best.
    expect(first.coverFaceId).toBe(faceId(shaOf(3), PACK, 0));
  });
});

describe('naming people', () => {
  it('refuses a name someone else has, ignoring case, before writing anything', async () => {
    await expect(renamePerson(catalog, ids[2]!, 'BOB')).rejects.toBeInstanceOf(ConflictError);
    const before = (await catalog.listPeople({ includeHidden: true })).length;
    await expect(createPersonWithFaces(catalog, 'alice', [])).rejects.toBeInstanceOf(ConflictError);
    expect((await catalog.listPeople({ includeHidden: true })).length).toBe(before);
    await expect(createPersonWithFaces(catalog, 'Carol', [`${'f'.repeat(16)}.${PACK}.0`])).rejects.toBeInstanceOf(NotFoundError);
    expect((await catalog.listPeople({ includeHidden: true })).length).toBe(before);
  });

  it('lets a person be called like an id, and never mistakes that name for the id', async () => {
    // "p1" as a name: findPerson('p1') finds person p1 by id, which is no clash.
    await renamePerson(catalog, ids[2]!, ids[0]!.toUpperCase());
    expect((await catalog.findPerson(ids[2]!))!.name).toBe(ids[0]!.toUpperCase());
    await renamePerson(catalog, ids[4]!, 'P99');
    await expect(requirePersonById(catalog, 'p99')).rejects.toBeInstanceOf(NotFoundError);
    await renamePerson(catalog, ids[4]!, null);
    expect((await catalog.findPerson(ids[4]!))!.name).toBeNull();
  });
});
