import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockNeo4jServer } from '../catalog/neo4j-test-lock.js';
import { cliEnv, tempDir } from '../support/cli.js';
import { describeWithTestServers, NEO4J_SETTINGS, wipeNeo4j } from '../support/test-servers-env.js';
import { NAMES, allFaces, copyOfDeepface, expectSameNames, exportOf, nameAndExport, namedFaces, ok, peopleOf, summaryOf } from './import-round-trip.js';

/*
 * The import round trip on the Neo4j backend: names exported as XMP by an embedded library come back on the same
 * faces of a library kept in the shared Neo4j, through the same library API writes. The server has one database that
 * other test files wipe, so this file holds the lock while it runs.
 */
describeWithTestServers('facetag import on Neo4j', NEO4J_SETTINGS, (env) => describeImportOnGraph(env.NEO4J_URL!, env.NEO4J_USER!, env.NEO4J_PASSWORD!));

function describeImportOnGraph(url: string, user: string, password: string): void {
  let unlock: () => void = () => {};

  /** Settings for the CLI with no graph or bucket configured, whatever the calling shell has. */
  function embeddedEnv(library: string): NodeJS.ProcessEnv {
    const env = cliEnv(library);
    delete env.FACETAG_GRAPH;
    delete env.FACETAG_OBJECTS;
    return env;
  }

  beforeAll(async () => {
    unlock = await lockNeo4jServer(url);
    const driver = neo4j.driver(url, neo4j.auth.basic(user, password));
    try {
      await wipeNeo4j(driver);
    } finally {
      await driver.close();
    }
  });

  afterAll(() => unlock());

  async function graphCount(query: string): Promise<number> {
    const driver = neo4j.driver(url, neo4j.auth.basic(user, password), { disableLosslessIntegers: true });
    try {
      const { records } = await driver.executeQuery(query);
      return (records[0]?.get(0) as number | undefined) ?? 0;
    } finally {
      await driver.close();
    }
  }

  describe('facetag import on Neo4j (real server)', () => {
    it('names every face the embedded library named, on the same faces of a graph library; a second run changes nothing', async () => {
      const photos = copyOfDeepface();
      const firstEnv = embeddedEnv(tempDir('import-graph-first'));
      ok(['scan', photos], firstEnv);
      const first = nameAndExport(firstEnv);

      const graphEnv = { ...embeddedEnv(tempDir('import-graph-second')), FACETAG_GRAPH: url, FACETAG_GRAPH_USER: user, FACETAG_GRAPH_PASSWORD: password };
      ok(['scan', photos], graphEnv);
      expect(peopleOf(graphEnv).every((p) => p.name === null)).toBe(true);
      // The second library really is the graph: its photos are in Neo4j.
      expect(await graphCount('MATCH (p:Photo) RETURN count(p)')).toBe(first.photos.length);

      const summary = summaryOf(ok(['import', photos], graphEnv).stdout);
      console.log(`small/deepface round trip on Neo4j: ${summary.read} named regions read, ${summary.matched} matched, ${summary.unmatched} unmatched, ${summary.conflicts} conflicts`);
      expect(summary.read).toBe(namedFaces(first));
      expect(summary.matched).toBe(summary.read);
      expect(summary.unnamed).toBe(allFaces(first) - namedFaces(first));
      expect([summary.unmatched, summary.conflicts]).toEqual([0, 0]);
      expect(summary.facesNamed).toBe(summary.read);
      expectSameNames(first, exportOf(graphEnv));
      expect(peopleOf(graphEnv).map((p) => p.name).filter((n) => n !== null).sort()).toEqual([...NAMES].sort());

      const before = peopleOf(graphEnv);
      const again = summaryOf(ok(['import', photos], graphEnv).stdout);
      expect(again.alreadyNamed).toBe(again.read);
      expect([again.created, again.named, again.facesNamed]).toEqual([0, 0, 0]);
      expect(peopleOf(graphEnv)).toEqual(before);
      expect(await graphCount('MATCH (p:Person) WHERE p.name IS NOT NULL RETURN count(p)')).toBe(NAMES.length);
    });
  });
}
