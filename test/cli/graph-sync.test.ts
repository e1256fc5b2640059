import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { lockNeo4jServer } from '../catalog/neo4j-test-lock.js';
import { cliEnv, runCli, startCli, tempDir, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { describeWithTestServers, NEO4J_SETTINGS, wipeNeo4j } from '../support/test-servers-env.js';

/*
 * `facetag graph sync` end to end against the shared Neo4j: an embedded library with corrections goes into the
 * graph and back into a fresh embedded library, and nothing changes on the way; a killed sync finishes when run
 * again. The server has one database that other test files wipe, so this file holds the lock while it runs.
 */
describeWithTestServers('graph sync', NEO4J_SETTINGS, (env) => describeGraphSync(env.NEO4J_URL!, env.NEO4J_USER!, env.NEO4J_PASSWORD!));

function describeGraphSync(url: string, user: string, password: string): void {
  const photos = dataset('small', 'deepface');
  /** The URL with the login in it, as a user may type it. */
  const urlWithLogin = url.replace('://', `://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`);
  let driver: Driver;
  let unlock: () => void = () => {};
  let original: { env: NodeJS.ProcessEnv; export: string; people: string; peopleAll: string };

  /** Settings for the CLI with no graph configured, whatever the calling shell has. */
  function embeddedEnv(library: string): NodeJS.ProcessEnv {
    const env = cliEnv(library, { FACETAG_GRAPH_USER: user, FACETAG_GRAPH_PASSWORD: password });
    delete env.FACETAG_GRAPH;
    delete env.FACETAG_OBJECTS;
    return env;
  }

  async function cypherCount(query: string): Promise<number> {
    const { records } = await driver.executeQuery(query);
    return (records[0]?.get(0) as number | undefined) ?? 0;
  }

  const wipe = () => wipeNeo4j(driver);

  function ok(args: string[], env: NodeJS.ProcessEnv): CliResult {
    const result = runCli(args, env);
    expect(result.code, `facetag ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result;
  }

  function exportText(args: string[], env: NodeJS.ProcessEnv): string {
    return ok([...args, 'export', '--format', 'json'], env).stdout;
  }

  beforeAll(async () => {
    unlock = await lockNeo4jServer(url);
    driver = neo4j.driver(url, neo4j.auth.basic(user, password), { disableLosslessIntegers: true });
    await wipe();

    const env = embeddedEnv(tempDir('sync-original'));
    ok(['scan', photos], env);
    const people = (JSON.parse(ok(['people', '--json'], env).stdout) as { id: string; faces: number }[]).sort((a, b) => b.faces - a.faces);
    expect(people.length).toBeGreaterThanOrEqual(5);
    const scanned = LibraryExportSchema.parse(JSON.parse(exportText([], env)));
    const facesOf = (id: string) => scanned.photos.flatMap((photo) => photo.faces.filter((face) => face.personId === id).map((face) => face.id));
    const [a, b, c, d, e] = people as [typeof people[0], typeof people[0], typeof people[0], typeof people[0], typeof people[0]];
    // A user's corrections: a name, a merge, "not this person", a split (different-people), a hidden person.
    ok(['person', 'name', a.id, 'Alice Example'], env);
    ok(['person', 'merge', a.id, e.id], env);
    ok(['person', 'not', b.id, facesOf(b.id)[0]!], env);
    ok(['person', 'split', c.id, facesOf(c.id)[0]!], env);
    ok(['person', 'hide', d.id], env);
    ok(['person', 'name', d.id, 'Dora'], env);
    original = { env, export: exportText([], env), people: ok(['people'], env).stdout, peopleAll: ok(['people', '--all'], env).stdout };

    const corrected = LibraryExportSchema.parse(JSON.parse(original.export));
    // The corrections really are in the library being copied.
    const faces = corrected.photos.flatMap((photo) => photo.faces);
    expect(faces.some((face) => face.source === 'user')).toBe(true);
    expect(faces.some((face) => face.source === 'auto')).toBe(true);
    expect(corrected.people.find((person) => person.id === e.id)).toBeUndefined();
    expect(corrected.people.find((person) => person.id === d.id)).toMatchObject({ name: 'Dora', hidden: true });
  }, 600_000);

  afterAll(async () => {
    await driver?.close();
    unlock();
  });

  describe('graph sync (real Neo4j)', () => {
    it('copies an embedded library into the graph and back, changing nothing', () => {
      const to = ok(['graph', 'sync', '--to', url], original.env);
      expect(to.stdout).toMatch(/copied .*catalog\.sqlite into bolt:\/\/.* in [\d.]+ s:/);
      expect(to.stdout).toContain('checked: the copy matches');
      expect(to.stdout).not.toContain(password);

      // The graph, used as the library, shows what the embedded one showed.
      const graph = embeddedEnv(tempDir('sync-graph-view'));
      expect(ok(['--graph', url, 'people'], graph).stdout).toBe(original.people);
      expect(ok(['--graph', url, 'people', '--all'], graph).stdout).toBe(original.peopleAll);
      expect(exportText(['--graph', url], graph)).toBe(original.export);

      // Back into a fresh embedded library, the login given in the URL this time.
      const restored = embeddedEnv(tempDir('sync-restored'));
      delete restored.FACETAG_GRAPH_USER;
      delete restored.FACETAG_GRAPH_PASSWORD;
      delete restored.NEO4J_USER;
      delete restored.NEO4J_PASSWORD;
      const from = ok(['graph', 'sync', '--from', urlWithLogin], restored);
      expect(from.stdout).toContain('checked: the copy matches');
      expect(exportText([], restored)).toBe(original.export);
      expect(ok(['people'], restored).stdout).toBe(original.people);
      expect(ok(['people', '--all'], restored).stdout).toBe(original.peopleAll);
    }, 600_000);

    it('refuses a graph that holds a library, naming it and what it holds; --replace copies over it', async () => {
      const photosThere = await cypherCount('MATCH (p:Photo) RETURN count(p)');
      expect(photosThere).toBeGreaterThan(0);
      const refused = runCli(['graph', 'sync', '--to', url], original.env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(`${url} is not empty: it holds ${photosThere} photos`);
      expect(refused.stderr).toContain('add --replace');

      // A different library replaces it completely.
      const other = embeddedEnv(tempDir('sync-other'));
      ok(['scan', dataset('small', 'deepface', 'person01')], other);
      ok(['graph', 'sync', '--to', url, '--replace'], other);
      const graph = embeddedEnv(tempDir('sync-graph-view2'));
      expect(exportText(['--graph', url], graph)).toBe(exportText([], other));

      ok(['graph', 'sync', '--to', url, '--replace'], original.env);
      expect(exportText(['--graph', url], graph)).toBe(original.export);
    }, 600_000);

    it('finishes a sync killed mid-copy when the same command runs again', async () => {
      await wipe();
      const total = LibraryExportSchema.parse(JSON.parse(original.export)).photos.length;
      const child = startCli(['graph', 'sync', '--to', url, '--batch', '1'], original.env);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let done = false;
      void exited.then(() => (done = true));
      while (!done && (await cypherCount('MATCH (p:Photo) RETURN count(p)')) < 3) await new Promise((r) => setTimeout(r, 20));
      expect(done, `the sync ended before it could be killed: ${stderr}`).toBe(false);
      child.kill('SIGKILL');
      await exited;

      const stored = await cypherCount('MATCH (p:Photo) RETURN count(p)');
      expect(stored).toBeGreaterThanOrEqual(3);
      expect(stored).toBeLessThan(total);
      expect(await cypherCount("MATCH (s:Setting {key: 'sync.unfinished'}) RETURN count(s)")).toBe(1);
      // Half a library must not pass for a finished one: a sync from another library is refused.
      const otherEnv = embeddedEnv(tempDir('sync-empty-other'));
      ok(['status'], otherEnv);
      const other = runCli(['graph', 'sync', '--to', url], otherEnv);
      expect(other.code).not.toBe(0);
      expect(other.stderr).toMatch(new RegExp(`${url} holds an unfinished sync from .*sync-original.*catalog\\.sqlite`));

      const rerun = ok(['graph', 'sync', '--to', url], original.env);
      expect(rerun.stdout).toMatch(/finished an interrupted sync \((\d+) photos were already there\)/);
      expect(Number(/\((\d+) photos were already there/.exec(rerun.stdout)![1])).toBeGreaterThanOrEqual(stored - 1);
      expect(await cypherCount("MATCH (s:Setting {key: 'sync.unfinished'}) RETURN count(s)")).toBe(0);
      const graph = embeddedEnv(tempDir('sync-graph-view3'));
      expect(exportText(['--graph', url], graph)).toBe(original.export);
      expect(ok(['--graph', url, 'people', '--all'], graph).stdout).toBe(original.peopleAll);
      expect(await cypherCount('MATCH (f:Face) RETURN count(f)')).toBe(
        LibraryExportSchema.parse(JSON.parse(original.export)).photos.reduce((n, photo) => n + photo.faces.length, 0),
      );
    }, 600_000);
  });
}
