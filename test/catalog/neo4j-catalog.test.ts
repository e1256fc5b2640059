import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faceId } from '../../src/catalog/catalog.js';
import type { Neo4jConnectionOptions } from '../../src/catalog/neo4j/connection.js';
import { coAppearances, companionsOf, personTimeline, photosOfPerson } from '../../src/catalog/neo4j/graph-queries.js';
import { LATEST_NEO4J_SCHEMA_VERSION, NEO4J_MIGRATIONS } from '../../src/catalog/neo4j/migrations.js';
import type { Neo4jCatalog } from '../../src/catalog/neo4j/neo4j-catalog.js';
import { openNeo4jCatalog } from '../../src/catalog/neo4j/open-neo4j-catalog.js';
import { EXHAUSTIVE_MAX_FACES } from '../../src/catalog/neo4j/vector-indexes.js';
import { vectorSpace } from '../../src/catalog/neo4j/vector-space.js';
import { describeAddFacesContract } from './add-faces-contract.js';
import { describeCatalogContract } from './catalog-contract.js';
import { lockNeo4jServer } from './neo4j-test-lock.js';
import { SELF_KILLING_CHILD_GUARD } from '../support/cli.js';
import {
  cosineDistance,
  makeFace,
  makeFaces,
  makeInput,
  OTHER_PACK,
  PACK,
  randomUnitVector,
  seededRandom,
  shaOf,
} from './catalog-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(here, '..', '..');

const HOW_TO_START = [
  'The Neo4j catalog tests need a running Neo4j 5.26 and its address in NEO4J_URL, NEO4J_USER and NEO4J_PASSWORD.',
  'Start the test servers and export their settings with:',
  '  eval "$(scripts/test-servers up)"',
  'then run the tests again from the same shell.',
].join('\n');

function settingsFromEnvironment(): Neo4jConnectionOptions | null {
  const { NEO4J_URL: url, NEO4J_USER: user, NEO4J_PASSWORD: password } = process.env;
  if (!url || !user || password === undefined) return null;
  return { url, user, password };
}

const settings = settingsFromEnvironment();

if (settings === null) {
  // Not a skip: a green run without a database would hide that the production backend went untested.
  describe('Neo4j catalog', () => {
    it('needs a Neo4j server', () => {
      const missing = ['NEO4J_URL', 'NEO4J_USER', 'NEO4J_PASSWORD'].filter((name) => process.env[name] === undefined);
      throw new Error(`${HOW_TO_START}\nMissing: ${missing.join(', ')}`);
    });
  });
} else {
  describeNeo4jCatalog(settings);
}

function describeNeo4jCatalog(settings: Neo4jConnectionOptions): void {
  /** A second driver, to inspect (or sabotage) the database from outside the Catalog interface. */
  let admin: Driver;
  let unlock: () => void = () => {};

  beforeAll(async () => {
    unlock = await lockNeo4jServer(settings.url);
    admin = neo4j.driver(settings.url, neo4j.auth.basic(settings.user, settings.password), { disableLosslessIntegers: true });
  });

  afterAll(async () => {
    await admin?.close();
    unlock();
  });

  async function cypher<T = Record<string, unknown>>(query: string, parameters: Record<string, unknown> = {}): Promise<T[]> {
    const session = admin.session({ database: settings.database });
    try {
      const result = await session.run(query, parameters);
      return result.records.map((record) => record.toObject() as T);
    } finally {
      await session.close();
    }
  }

  /** Every test starts from an empty database; schema (constraints, indexes) stays, as it would in production. */
  async function wipe(): Promise<void> {
    await cypher('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  }

  async function openClean(): Promise<Neo4jCatalog> {
    await wipe();
    return openNeo4jCatalog(settings);
  }

  describeCatalogContract('Neo4j', openClean);
  describeAddFacesContract('Neo4j', openClean);

  describe('Neo4j catalog', () => {
    let catalog: Neo4jCatalog;

    beforeEach(async () => {
      catalog = await openClean();
      return async () => {
        await catalog.close();
      };
    });

    describe('schema', () => {
      it('has its constraints and indexes after open, and records the schema version', async () => {
        const constraints = await cypher<{ name: string; type: string; labelsOrTypes: string[]; properties: string[] }>(
          'SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties',
        );
        const unique = constraints
          .filter((c) => c.type === 'UNIQUENESS' && c.name.startsWith('facetag_'))
          .map((c) => `${c.labelsOrTypes.join()}.${c.properties.join()}`)
          .sort();
        expect(unique).toEqual(
          [
            'CatalogSchema.name',
            'Counter.name',
            'Face.id',
            'File.path',
            'Person.id',
            'Person.nameKey',
            'Photo.sha256',
            'Run.id',
            'ScanError.path',
            'Setting.key',
            'Suggestion.id',
            'VectorSpace.label',
          ].sort(),
        );
        const indexes = await cypher<{ name: string; state: string; type: string }>('SHOW INDEXES YIELD name, state, type');
        const ours = indexes.filter((index) => index.name.startsWith('facetag_'));
        expect(ours.map((index) => index.name)).toEqual(
          expect.arrayContaining(['facetag_face_pack', 'facetag_photo_taken_at', 'facetag_vector_space_pack', 'facetag_suggestion_prompt']),
        );
        for (const index of ours) expect(index.state).toBe('ONLINE');

        const [schema] = await cypher<{ version: number; history: string[] }>(
          "MATCH (s:CatalogSchema {name: 'facetag'}) RETURN s.version AS version, s.history AS history",
        );
        expect(schema!.version).toBe(LATEST_NEO4J_SCHEMA_VERSION);
        expect(schema!.history).toHaveLength(NEO4J_MIGRATIONS.length);
      });

      it('creates a cosine vector index per pack and embedding size when the first face is stored', async () => {
        const random = seededRandom(1);
        await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces: makeFaces(random, 2, 24) }));
        await catalog.storePhoto(makeInput({ sha256: shaOf(2), path: '/b.jpg', pack: OTHER_PACK, faces: makeFaces(random, 1, 40) }));
        await catalog.storePhoto(makeInput({ sha256: shaOf(3), path: '/c.jpg', faces: makeFaces(random, 3, 24) }));

        for (const [pack, dimensions, faces] of [
          [PACK, 24, 5],
          [OTHER_PACK, 40, 1],
        ] as const) {
          const space = vectorSpace(pack, dimensions);
          const [index] = await cypher<{ state: string; labels: string[]; properties: string[]; config: Record<string, unknown> }>(
            `SHOW VECTOR INDEXES YIELD name, state, labelsOrTypes AS labels, properties, options
             WHERE name = $name RETURN state, labels, properties, options.indexConfig AS config`,
            { name: space.indexName },
          );
          expect(index).toMatchObject({ state: 'ONLINE', labels: [space.label], properties: ['embedding'] });
          expect(index!.config).toMatchObject({
            'vector.dimensions': dimensions,
            'vector.similarity_function': 'COSINE',
            'vector.quantization.enabled': false,
          });
          const [count] = await cypher<{ n: number }>(`MATCH (f:Face:${space.label}) RETURN count(f) AS n`);
          expect(count!.n).toBe(faces);
        }
        const spaces = await cypher<{ pack: string; dimensions: number }>(
          'MATCH (v:VectorSpace) RETURN v.pack AS pack, v.dimensions AS dimensions ORDER BY pack',
        );
        expect(spaces).toEqual([
          { pack: PACK, dimensions: 24 },
          { pack: OTHER_PACK, dimensions: 40 },
        ]);
      });

      it('refuses a catalog written by a newer facetag, naming both versions', async () => {
        await cypher("MATCH (s:CatalogSchema {name: 'facetag'}) SET s.version = $version", {
          version: neo4j.int(LATEST_NEO4J_SCHEMA_VERSION + 5),
        });
        await expect(openNeo4jCatalog(settings)).rejects.toThrow(
          new RegExp(`schema version ${LATEST_NEO4J_SCHEMA_VERSION + 5}.*up to ${LATEST_NEO4J_SCHEMA_VERSION}`),
        );
        const [schema] = await cypher<{ version: number }>("MATCH (s:CatalogSchema {name: 'facetag'}) RETURN s.version AS version");
        expect(schema!.version).toBe(LATEST_NEO4J_SCHEMA_VERSION + 5);
      });

      it('reopens without losing data, and keeps handing out fresh person ids', async () => {
        const faces = makeFaces(seededRandom(2), 3, 16);
        await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces }));
        const ada = await catalog.createPerson('Ada');
        await catalog.close();
        catalog = await openNeo4jCatalog(settings);
        expect(await catalog.findPerson('ada')).toMatchObject({ id: ada });
        expect((await catalog.nearestFaces(faces[1]!.embedding, PACK, 1))[0]!.faceId).toBe(faceId(shaOf(1), PACK, 1));
        expect(await catalog.createPerson()).not.toBe(ada);
      });
    });

    describe('start-up check', () => {
      it('names the URL and "connection refused" when nothing listens there', async () => {
        const url = `bolt://127.0.0.1:${await closedPort()}`;
        const failure = openNeo4jCatalog({ ...settings, url });
        await expect(failure).rejects.toThrow(url);
        await expect(failure).rejects.toThrow(/connection refused/);
      });

      it('names the URL and "authentication failed" for wrong credentials, writing nothing', async () => {
        // A made-up user rather than a wrong password for the real one: failed attempts can lock a user out.
        const before = await cypher<{ n: number }>('MATCH (n) RETURN count(n) AS n');
        const failure = openNeo4jCatalog({ ...settings, user: 'no-such-facetag-user', password: 'wrong' });
        await expect(failure).rejects.toThrow(settings.url);
        await expect(failure).rejects.toThrow(/authentication failed for user "no-such-facetag-user"/);
        expect(await cypher('MATCH (n) RETURN count(n) AS n')).toEqual(before);
      });
    });

    describe('transactions', () => {
      it('leaves no trace of a photo whose transaction fails midway', async () => {
        const random = seededRandom(9);
        await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/before.jpg', faces: makeFaces(random, 2, 16) }));
        // Sabotage from outside: a stray face node already holds the id of the third face of the next photo, so the
        // faces statement fails on the uniqueness constraint after the photo and its path were written.
        await cypher('CREATE (:Face {id: $id})', { id: faceId(shaOf(2), PACK, 2) });

        await expect(
          catalog.storePhoto(makeInput({ sha256: shaOf(2), path: '/during.jpg', faces: makeFaces(random, 4, 16) })),
        ).rejects.toThrow(/already exists/);

        expect(await catalog.getPhoto(shaOf(2))).toBeNull();
        expect(await catalog.getFile('/during.jpg')).toBeNull();
        expect(await catalog.listFaces({ photoSha256: shaOf(2) })).toEqual([]);
        await cypher('MATCH (f:Face {id: $id}) DELETE f', { id: faceId(shaOf(2), PACK, 2) });
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 2, files: 1 });
      });

      it('keeps the old faces and assignments when re-analysis fails midway', async () => {
        const random = seededRandom(10);
        const oldFaces = makeFaces(random, 3, 16);
        await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces: oldFaces }));
        const ada = await catalog.createPerson();
        await catalog.assignFaces([{ faceId: faceId(shaOf(1), PACK, 0), personId: ada, source: 'auto' }]);
        await cypher('CREATE (:Face {id: $id})', { id: faceId(shaOf(1), OTHER_PACK, 1) });

        await expect(
          catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', pack: OTHER_PACK, faces: makeFaces(random, 2, 16) })),
        ).rejects.toThrow(/already exists/);

        expect((await catalog.getPhoto(shaOf(1)))!.pack).toBe(PACK);
        expect((await catalog.listFaces()).map((face) => face.id)).toEqual([0, 1, 2].map((i) => faceId(shaOf(1), PACK, i)));
        expect(await catalog.findPerson(ada)).toMatchObject({ faces: 1 });
        const [nearest] = await catalog.nearestFaces(oldFaces[1]!.embedding, PACK, 1);
        expect(nearest!.faceId).toBe(faceId(shaOf(1), PACK, 1));
      });

      it('leaves nothing partial when the process is killed in the middle of a transaction', async () => {
        await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/before.jpg', faces: makeFaces(seededRandom(11), 3, 512) }));

        const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'neo4j-fixtures', 'crash-during-store.ts')], {
          cwd: projectRoot,
          encoding: 'utf8',
          ...SELF_KILLING_CHILD_GUARD,
          env: { ...process.env, NEO4J_URL: settings.url, NEO4J_USER: settings.user, NEO4J_PASSWORD: settings.password },
        });
        expect(child.stderr).not.toMatch(/Error/);
        expect(child.signal).toBe('SIGKILL');
        // The faces statement had returned: the photo, its path and 300 faces were written, just not committed.
        expect(child.stdout).toContain('faces written, dying before commit');
        expect(child.stdout).not.toContain('stored without crashing');

        expect(await catalog.getPhoto(shaOf(2))).toBeNull();
        expect(await catalog.getFile('/crash.jpg')).toBeNull();
        expect(await catalog.counts()).toMatchObject({ photos: 1, faces: 3, files: 1 });
        // The server rolled the dead client's transaction back and released its locks: writing the same again works.
        await catalog.storePhoto(makeInput({ sha256: shaOf(2), path: '/crash.jpg', faces: makeFaces(seededRandom(7), 300, 512) }));
        expect(await catalog.counts()).toMatchObject({ photos: 2, faces: 303, files: 2 });
      });

      it('consumes no person id in a clustering run that fails', async () => {
        const ids = await storeFaces(catalog, 2, shaOf(1), '/a.jpg');
        await expect(
          catalog.applyClustering({ assignments: [], newPeople: [[ids[0]!], [ids[1]!]], deletePeople: ['p999'] }),
        ).rejects.toThrow('p999');
        const [counter] = await cypher<{ value: number }>("MATCH (c:Counter {name: 'person'}) RETURN c.value AS value");
        expect(counter!.value).toBe(0);
        expect(await catalog.createPerson()).toBe('p1');
      });
    });

    describe('APPEARS_WITH', () => {
      it('counts the photos two people share, following assignments, merges and deletions', async () => {
        const one = await storeFaces(catalog, 3, shaOf(1), '/1.jpg');
        const two = await storeFaces(catalog, 2, shaOf(2), '/2.jpg');
        const three = await storeFaces(catalog, 2, shaOf(3), '/3.jpg');
        const ada = await catalog.createPerson('Ada');
        const bob = await catalog.createPerson('Bob');
        const cy = await catalog.createPerson('Cy');
        await catalog.assignFaces([
          { faceId: one[0]!, personId: ada, source: 'user' },
          { faceId: one[1]!, personId: bob, source: 'user' },
          { faceId: one[2]!, personId: bob, source: 'auto' },
          { faceId: two[0]!, personId: ada, source: 'auto' },
          { faceId: two[1]!, personId: bob, source: 'auto' },
          { faceId: three[0]!, personId: bob, source: 'auto' },
          { faceId: three[1]!, personId: cy, source: 'auto' },
        ]);
        // Two faces of Bob on photo 1 still make one shared photo.
        expect(await appearsWith()).toEqual({ [`${ada} ${bob}`]: 2, [`${bob} ${cy}`]: 1 });
        expect(await appearsWith()).toEqual(await appearsWithFromScratch());

        await catalog.assignFaces([{ faceId: two[1]!, personId: cy, source: 'user' }]);
        expect(await appearsWith()).toEqual({ [`${ada} ${bob}`]: 1, [`${ada} ${cy}`]: 1, [`${bob} ${cy}`]: 1 });

        await catalog.addConstraint({ kind: 'not-person', faceId: three[1]!, personId: cy });
        expect(await appearsWith()).toEqual({ [`${ada} ${bob}`]: 1, [`${ada} ${cy}`]: 1 });

        await catalog.mergePeople(ada, cy);
        expect(await appearsWith()).toEqual({ [`${ada} ${bob}`]: 1 });

        await catalog.assignFaces([{ faceId: three[1]!, personId: ada, source: 'user' }]);
        expect(await appearsWith()).toEqual({ [`${ada} ${bob}`]: 2 });

        await catalog.removeFiles(['/1.jpg']);
        expect(await appearsWith()).toEqual({ [`${ada} ${bob}`]: 1 });

        await catalog.deletePerson(bob);
        expect(await appearsWith()).toEqual({});
      });

      it('stays equal to a count from scratch through a random sequence of changes', async () => {
        const random = seededRandom(77);
        const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
        const faceIds: string[] = [];
        for (let photo = 1; photo <= 12; photo++) faceIds.push(...(await storeFaces(catalog, 1 + (photo % 4), shaOf(photo), `/${photo}.jpg`)));
        let people: string[] = [];
        for (let i = 0; i < 5; i++) people.push(await catalog.createPerson());

        for (let step = 0; step < 40; step++) {
          const roll = random();
          if (roll < 0.5) {
            const batch = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({
              faceId: pick(faceIds),
              personId: random() < 0.15 ? null : pick(people),
              source: random() < 0.5 ? ('auto' as const) : ('user' as const),
            }));
            await catalog.assignFaces(batch);
          } else if (roll < 0.65) {
            const faces = [pick(faceIds), pick(faceIds)];
            const [created] = await catalog.applyClustering({
              assignments: [{ faceId: pick(faceIds), personId: pick(people), source: 'auto' }],
              newPeople: [[...new Set(faces)]],
              deletePeople: [],
            });
            people.push(created!);
          } else if (roll < 0.75 && people.length > 2) {
            const into = pick(people);
            const from = pick(people.filter((p) => p !== into));
            await catalog.mergePeople(into, from);
          } else if (roll < 0.82 && people.length > 2) {
            await catalog.deletePerson(pick(people));
          } else if (roll < 0.9) {
            const face = pick(faceIds);
            await catalog.addConstraint({ kind: 'not-person', faceId: face, personId: pick(people) });
          } else {
            // Re-analysis replaces a photo's faces and drops their assignments; then analyse it back.
            const photo = 1 + Math.floor(random() * 12);
            await catalog.storePhoto(
              makeInput({ sha256: shaOf(photo), path: `/${photo}.jpg`, pack: OTHER_PACK, faces: makeFaces(random, 2, 8) }),
            );
            await catalog.storePhoto(
              makeInput({ sha256: shaOf(photo), path: `/${photo}.jpg`, faces: makeFaces(random, 1 + (photo % 4), 8) }),
            );
          }
          people = (await catalog.listPeople({ includeHidden: true })).map((person) => person.id);
          if (people.length === 0) people.push(await catalog.createPerson());
          expect(await appearsWith(), `after step ${step}`).toEqual(await appearsWithFromScratch());
        }
        expect(Object.keys(await appearsWith()).length).toBeGreaterThan(0);
      });

      /** The maintained relationships, as "a b" → photos, checking there is one per pair, from the smaller id. */
      async function appearsWith(): Promise<Record<string, number>> {
        const rows = await cypher<{ a: string; b: string; photos: number }>(
          'MATCH (a:Person)-[r:APPEARS_WITH]->(b:Person) RETURN a.id AS a, b.id AS b, r.photos AS photos',
        );
        const counts: Record<string, number> = {};
        for (const { a, b, photos } of rows) {
          expect(a < b, `APPEARS_WITH ${a} -> ${b} points the wrong way`).toBe(true);
          expect(counts[`${a} ${b}`], `two APPEARS_WITH between ${a} and ${b}`).toBeUndefined();
          counts[`${a} ${b}`] = photos;
        }
        return counts;
      }

      async function appearsWithFromScratch(): Promise<Record<string, number>> {
        const rows = await cypher<{ a: string; b: string; photos: number }>(`
          MATCH (a:Person)<-[:OF]-(:Face)-[:IN]->(p:Photo)<-[:IN]-(:Face)-[:OF]->(b:Person)
          WHERE a.id < b.id
          RETURN a.id AS a, b.id AS b, count(DISTINCT p) AS photos`);
        return Object.fromEntries(rows.map(({ a, b, photos }) => [`${a} ${b}`, photos]));
      }
    });

    describe('graph queries', () => {
      it("lists a person's photos, timeline and companions, and the pairs who appear together", async () => {
        const shot = (n: number, takenAt: string | null) =>
          catalog.storePhoto(
            makeInput({ sha256: shaOf(n), path: `/${n}.jpg`, meta: { takenAt }, faces: makeFaces(seededRandom(n), 2, 8) }),
          );
        await shot(1, '2022-05-01T10:00:00');
        await shot(2, '2020-01-01T09:00:00');
        await shot(3, null);
        await shot(4, '2021-03-03T08:00:00');
        const ada = await catalog.createPerson('Ada');
        const bob = await catalog.createPerson('Bob');
        const cy = await catalog.createPerson('Cy');
        const f = (n: number, i: number) => faceId(shaOf(n), PACK, i);
        await catalog.assignFaces([
          { faceId: f(1, 0), personId: ada, source: 'user' },
          { faceId: f(1, 1), personId: bob, source: 'user' },
          { faceId: f(2, 0), personId: ada, source: 'user' },
          { faceId: f(2, 1), personId: bob, source: 'user' },
          { faceId: f(3, 0), personId: ada, source: 'user' },
          { faceId: f(3, 1), personId: cy, source: 'user' },
          { faceId: f(4, 0), personId: bob, source: 'user' },
        ]);

        expect((await photosOfPerson(catalog, ada)).map((photo) => photo.path)).toEqual(['/1.jpg', '/2.jpg', '/3.jpg']);
        expect((await personTimeline(catalog, ada)).map((photo) => [photo.path, photo.takenAt])).toEqual([
          ['/2.jpg', '2020-01-01T09:00:00'],
          ['/1.jpg', '2022-05-01T10:00:00'],
          ['/3.jpg', null],
        ]);
        expect(await companionsOf(catalog, ada)).toEqual([
          { personId: bob, name: 'Bob', photos: 2 },
          { personId: cy, name: 'Cy', photos: 1 },
        ]);
        expect(await coAppearances(catalog)).toEqual([
          { personA: ada, personB: bob, photos: 2 },
          { personA: ada, personB: cy, photos: 1 },
        ]);
        expect(await coAppearances(catalog, { limit: 1 })).toHaveLength(1);
        await expect(photosOfPerson(catalog, 'p999')).rejects.toThrow('p999');
      });
    });

    describe('nearest faces through the vector index', () => {
      /** Stores n random faces of the given size, 50 per photo; returns their embeddings by face id. */
      async function storeRandomFaces(n: number, dimensions: number, random: () => number): Promise<Map<string, Float32Array>> {
        const stored = new Map<string, Float32Array>();
        const perPhoto = 50;
        for (let photo = 0; photo * perPhoto < n; photo++) {
          const count = Math.min(perPhoto, n - photo * perPhoto);
          const faces = Array.from({ length: count }, (_, i) => makeFace(i, randomUnitVector(random, dimensions)));
          await catalog.storePhoto(makeInput({ sha256: shaOf(photo + 1), path: `/${photo}.jpg`, faces }));
          faces.forEach((face) => stored.set(faceId(shaOf(photo + 1), PACK, face.index), face.embedding));
        }
        return stored;
      }

      /** Asks for the k nearest of each query; returns the share of true neighbours found, and checks the distances. */
      async function recall(stored: Map<string, Float32Array>, queries: Float32Array[], k: number): Promise<{ recall: number; exactLists: number }> {
        let found = 0;
        let exactLists = 0;
        for (const query of queries) {
          const expected = [...stored.entries()]
            .map(([id, embedding]) => ({ faceId: id, distance: cosineDistance(query, embedding) }))
            .sort((x, y) => x.distance - y.distance)
            .slice(0, k);
          const actual = await catalog.nearestFaces(query, PACK, k);
          expect(actual).toHaveLength(k);
          for (let i = 1; i < actual.length; i++) expect(actual[i]!.distance).toBeGreaterThanOrEqual(actual[i - 1]!.distance);
          // Float32 cosine, like SQLite's: good to about 1e-7.
          for (const neighbour of actual) expect(neighbour.distance).toBeCloseTo(cosineDistance(query, stored.get(neighbour.faceId)!), 6);
          const expectedIds = new Set(expected.map((n) => n.faceId));
          found += actual.filter((n) => expectedIds.has(n.faceId)).length;
          if (actual.map((n) => n.faceId).join() === expected.map((n) => n.faceId).join()) exactLists++;
        }
        return { recall: found / (queries.length * k), exactLists };
      }

      it(`is exact up to ${EXHAUSTIVE_MAX_FACES} faces, where it asks the index for all of them`, async () => {
        const random = seededRandom(321);
        const stored = await storeRandomFaces(EXHAUSTIVE_MAX_FACES, 64, random);
        const queries = Array.from({ length: 20 }, () => randomUnitVector(random, 64));
        expect(await recall(stored, queries, 10)).toEqual({ recall: 1, exactLists: 20 });
      });

      it('keeps a high recall above that, where the search is approximate', async () => {
        const random = seededRandom(123);
        const stored = await storeRandomFaces(EXHAUSTIVE_MAX_FACES + 1000, 64, random);
        const queries = Array.from({ length: 20 }, () => randomUnitVector(random, 64));
        // Random vectors have no cluster structure, the hardest case for an HNSW graph; face embeddings cluster.
        expect((await recall(stored, queries, 10)).recall).toBeGreaterThanOrEqual(0.95);
      });

      it('rebuilds a vector index that has other settings', async () => {
        const space = vectorSpace(PACK, 8);
        await cypher(`DROP INDEX ${space.indexName} IF EXISTS`);
        await cypher(
          `CREATE VECTOR INDEX ${space.indexName} FOR (f:${space.label}) ON (f.embedding)
           OPTIONS {indexConfig: {\`vector.dimensions\`: 8, \`vector.similarity_function\`: 'cosine', \`vector.quantization.enabled\`: true}}`,
        );
        await catalog.storePhoto(makeInput({ sha256: shaOf(1), path: '/a.jpg', faces: makeFaces(seededRandom(3), 2, 8) }));
        const [index] = await cypher<{ config: Record<string, unknown> }>(
          'SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options.indexConfig AS config',
          { name: space.indexName },
        );
        expect(index!.config['vector.quantization.enabled']).toBe(false);
      });
    });
  });
}

async function storeFaces(catalog: Neo4jCatalog, n: number, sha256: string, path: string): Promise<string[]> {
  const faces = makeFaces(seededRandom(n * 31 + sha256.charCodeAt(15)), n, 8);
  await catalog.storePhoto(makeInput({ sha256, path, faces }));
  return faces.map((face) => faceId(sha256, PACK, face.index));
}

/** A port on which nothing listens: bound and released again. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
