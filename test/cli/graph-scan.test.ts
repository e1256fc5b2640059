import { existsSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { createS3Client } from '../../src/objects/s3/s3-client.js';
import { deleteAllBelow, s3TestSettings, s3CliEnv } from '../objects/s3/s3-test-server.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { PRIVATE_LOGIN, PrivateServer, freePort } from '../support/private-server.js';
import { scanPausedAfter, scanWithServerKilledAfter } from '../support/paused-scan.js';
import { dataset } from '../support/shared.js';

/*
 * The production backends end to end: the same photos scanned on the embedded defaults (SQLite, crops in the
 * library folder) and on Neo4j + S3 give the same people and the same export; Neo4j unreachable at start, and
 * killed mid-scan, behave as a user needs. The Neo4j here is the test's own, so killing it disturbs no other test.
 */
const photos = dataset('small', 'deepface');
const crops = s3TestSettings();
const s3 = createS3Client(crops);
const s3Env = s3CliEnv();

let server: PrivateServer;
let embedded: LibraryExport;
let embeddedEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await PrivateServer.start('neo4j');
  embeddedEnv = cliEnv(tempDir('graph-embedded'));
  expect(runCli(['scan', photos], embeddedEnv).code).toBe(0);
  embedded = exportOf(embeddedEnv);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await deleteAllBelow(s3, crops.bucket, crops.prefix);
  s3.destroy();
});

function exportOf(env: NodeJS.ProcessEnv): LibraryExport {
  const result = runCli(['export', '--format', 'json'], env);
  expect(result.code, result.stderr).toBe(0);
  return LibraryExportSchema.parse(JSON.parse(result.stdout));
}

/** A fresh, empty database on the private server, and the settings to use it. */
async function graphEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  await cypher('MATCH (n) DETACH DELETE n');
  return cliEnv(tempDir('graph-library'), {
    ...s3Env,
    FACETAG_GRAPH: `bolt://neo4j:${PRIVATE_LOGIN.neo4jPassword}@127.0.0.1:${server.port}`,
    FACETAG_OBJECTS: `s3://${crops.bucket}/${crops.prefix}${Math.random().toString(36).slice(2)}/`,
    ...extra,
  });
}

async function cypher(query: string): Promise<number> {
  const driver = neo4j.driver(server.url, neo4j.auth.basic('neo4j', PRIVATE_LOGIN.neo4jPassword), { disableLosslessIntegers: true });
  try {
    const { records } = await driver.executeQuery(query);
    return (records[0]?.get(0) as number | undefined) ?? 0;
  } finally {
    await driver.close();
  }
}

/** What must match between backends: every photo, face, box, person and assignment (not where crops live). */
function comparable(library: LibraryExport) {
  return {
    photos: [...library.photos].sort((a, b) => a.sha256.localeCompare(b.sha256)),
    people: [...library.people].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

describe('a library on Neo4j and S3 (real servers)', () => {
  it('gives the same people and the same export as the embedded defaults', async () => {
    const env = await graphEnv();
    const scan = runCli(['scan', photos], env);
    expect(scan.code, scan.stderr).toBe(0);
    expect(comparable(exportOf(env))).toEqual(comparable(embedded));
    expect(await cypher('MATCH (f:Face)-[:IN]->(:Photo) RETURN count(f)')).toBe(embedded.photos.reduce((n, p) => n + p.faces.length, 0));

    const status = runCli(['status'], env);
    expect(status.stdout).toMatch(new RegExp(`catalog: +bolt://127\\.0\\.0\\.1:${server.port}\\n`));
    expect(status.stdout).not.toContain(PRIVATE_LOGIN.neo4jPassword);
    const [first, second] = [...embedded.people].sort((a, b) => b.photos - a.photos);
    const together = ['photos', '--person', first!.id, '--with', second!.id];
    expect(runCli(together, env).stdout).toBe(runCli(together, embeddedEnv).stdout);
    for (const query of [['person', 'with', first!.id], ['person', 'timeline', first!.id]]) {
      expect(runCli(query, env).stdout).toBe(runCli(query, embeddedEnv).stdout);
    }
  }, 300_000);

  it('refuses to start when Neo4j cannot be reached, naming the URL and the cause, and writes nothing', async () => {
    const library = join(tempDir('graph-down'), 'library');
    const port = await freePort();
    const scan = runCli(['scan', photos], cliEnv(library, { FACETAG_GRAPH: `bolt://neo4j:secret@127.0.0.1:${port}` }));
    expect(scan.code).not.toBe(0);
    expect(scan.stderr).toMatch(new RegExp(`cannot open the Neo4j catalog at bolt://127\\.0\\.0\\.1:${port}: connection refused`));
    expect(scan.stderr).not.toContain('secret');
    expect(existsSync(library)).toBe(false);
  }, 60_000);

  it('rides out a Neo4j restart in the middle of a scan', async () => {
    // Long enough for a JVM restart on a loaded 2-core machine (~50 s measured); the product's default is 60 s.
    const env = await graphEnv({ FACETAG_GRAPH_RETRY_SECONDS: '240' });
    const scan = await scanPausedAfter([photos], env, 5);
    await server.kill();
    scan.resume();
    await new Promise((r) => setTimeout(r, 2000));
    await server.restart();
    const result = await scan.result;
    expect(result.code, result.stderr).toBe(0);
    expect(comparable(exportOf(env))).toEqual(comparable(embedded));
  }, 300_000);

  it('stops cleanly when Neo4j stays down, and a second scan finishes the job with nothing lost or doubled', async () => {
    const env = await graphEnv({ FACETAG_GRAPH_RETRY_SECONDS: '5' });
    const stopped = await scanWithServerKilledAfter([photos], env, 5, server);
    expect(stopped.code, stopped.stdout + stopped.stderr).not.toBe(0);
    expect(stopped.stderr).toMatch(/scan stopped: storage failed .*run the scan again to finish/);
    await server.restart();
    const stored = await cypher('MATCH (p:Photo) RETURN count(p)');
    expect(stored).toBeGreaterThanOrEqual(5);
    expect(stored).toBeLessThan(embedded.photos.length);

    const rerun = runCli(['scan', photos], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`${embedded.photos.length - stored} analysed, ${stored} unchanged`));
    expect(comparable(exportOf(env))).toEqual(comparable(embedded));
    expect(await cypher('MATCH (f:Face) RETURN count(f)')).toBe(embedded.photos.reduce((n, p) => n + p.faces.length, 0));
  }, 300_000);
});
