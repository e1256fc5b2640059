import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import neo4j, { type Driver } from 'neo4j-driver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/objects/s3/s3-client.js';
import type { S3Settings } from '../../src/objects/s3/s3-settings.js';
import { lockNeo4jServer } from '../catalog/neo4j-test-lock.js';
import { deleteAllBelow, s3CliEnv, s3TestSettings } from '../objects/s3/s3-test-server.js';
import { cliEnv, runCli, tempDir, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { describeWithTestServers, NEO4J_SETTINGS, S3_SETTINGS, wipeNeo4j } from '../support/test-servers-env.js';
import { callJson, expectProblem, getOk, type FaceBody, type PageBody, type PersonBody, type PhotoBody } from './support/library-api.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/*
 * A subset of the library routes on the production backends: the catalog in the shared Neo4j, the photos and the
 * face crops in the shared S3 server (`scripts/test-servers up`). The Neo4j has one database that other test files
 * wipe, so this file holds the lock while it runs.
 */
describeWithTestServers('library routes on Neo4j and S3', [...NEO4J_SETTINGS, ...S3_SETTINGS], (env) =>
  describeGraphRoutes(env.NEO4J_URL!, env.NEO4J_USER!, env.NEO4J_PASSWORD!),
);

function describeGraphRoutes(url: string, user: string, password: string): void {
  /** Four people's folders are enough for merges and keep the graph scan short. */
  const folders = ['person01', 'person02', 'person03', 'person04'];
  const CYPHER_NAME = '}) MATCH (n) DETACH DELETE n //';
  let unlock: () => void = () => {};
  let driver: Driver;
  let photos: S3Settings;
  let crops: S3Settings;
  let s3: S3Client;
  let env: NodeJS.ProcessEnv;
  let server: ServeProcess;

  function ok(args: string[]): CliResult {
    const result = runCli(args, env);
    expect(result.code, `facetag ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result;
  }
  const cliPeople = () => JSON.parse(ok(['people', '--all', '--json']).stdout) as { id: string; name: string | null; faces: number; photos: number }[];

  async function count(query: string): Promise<number> {
    const { records } = await driver.executeQuery(query);
    return (records[0]?.get(0) as number | undefined) ?? 0;
  }

  beforeAll(async () => {
    unlock = await lockNeo4jServer(url);
    driver = neo4j.driver(url, neo4j.auth.basic(user, password), { disableLosslessIntegers: true });
    await wipeNeo4j(driver);
    photos = s3TestSettings();
    crops = s3TestSettings();
    s3 = createS3Client(photos);
    for (const folder of folders) {
      for (const name of readdirSync(dataset('small', 'deepface', folder)).sort()) {
        const body = readFileSync(dataset('small', 'deepface', folder, name));
        await s3.send(new PutObjectCommand({ Bucket: photos.bucket, Key: `${photos.prefix}${folder}/${name}`, Body: body }));
      }
    }
    env = cliEnv(tempDir('graph-routes'), {
      ...s3CliEnv(),
      FACETAG_GRAPH: url,
      FACETAG_GRAPH_USER: user,
      FACETAG_GRAPH_PASSWORD: password,
      FACETAG_OBJECTS: `s3://${crops.bucket}/${crops.prefix}`,
    });
    ok(['scan', `s3://${photos.bucket}/${photos.prefix}`]);
    server = await startServe([], env);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await driver?.close();
    if (s3) {
      await deleteAllBelow(s3, photos.bucket, photos.prefix);
      await deleteAllBelow(s3, crops.bucket, crops.prefix);
      s3.destroy();
    }
    unlock();
  });

  describe('library routes on Neo4j and S3 (real servers)', () => {
    it('lists the people facetag people lists from the graph', async () => {
      const page = await getOk<PageBody<PersonBody>>(server, '/api/people?limit=500');
      expect(page.total).toBeGreaterThanOrEqual(3);
      expect(page.items.map((p) => [p.id, p.name, p.faces, p.photos])).toEqual(cliPeople().map((p) => [p.id, p.name, p.faces, p.photos]));
      expect(page.items.every((p) => p.coverFaceId !== null)).toBe(true);
    });

    it('renames with a name full of Cypher, kept byte for byte; clashes ignoring case are 409; null un-names', async () => {
      const [a, b] = (await getOk<PageBody<PersonBody>>(server, '/api/people')).items;
      const nodes = await count('MATCH (n) RETURN count(n)');
      const renamed = await callJson<PersonBody>(server, 'PATCH', `/api/people/${a!.id}`, { name: CYPHER_NAME });
      expect(renamed.body.name).toBe(CYPHER_NAME);
      expect(cliPeople().find((p) => p.id === a!.id)!.name).toBe(CYPHER_NAME);
      expect(await count('MATCH (n) RETURN count(n)')).toBe(nodes);
      await expectProblem(server, 'PATCH', `/api/people/${b!.id}`, 409, { name: CYPHER_NAME.toUpperCase() });
      expect((await callJson<PersonBody>(server, 'PATCH', `/api/people/${b!.id}`, { name: 'Émile' })).body.name).toBe('Émile');
      // Neo4j lower-cases beyond ASCII: "ÉMILE" is Émile's name.
      await expectProblem(server, 'POST', '/api/people', 409, { name: 'ÉMILE' });
      expect((await callJson<PersonBody>(server, 'PATCH', `/api/people/${b!.id}`, { name: null })).body.name).toBeNull();
      expect((await callJson<PersonBody>(server, 'POST', '/api/people', { name: 'émile' })).status).toBe(201);
    });

    it('merges two people in the graph', async () => {
      const [into, from] = (await getOk<PageBody<PersonBody>>(server, '/api/people')).items;
      const merged = await callJson<PersonBody>(server, 'POST', `/api/people/${into!.id}/merge`, { from: [from!.id] });
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({ id: into!.id, faces: into!.faces + from!.faces });
      expect(merged.body.photos).toBeLessThanOrEqual(into!.photos + from!.photos);
      await expectProblem(server, 'GET', `/api/people/${from!.id}`, 404);
      expect(await count(`MATCH (p:Person {id: '${from!.id}'}) RETURN count(p)`)).toBe(0);
      const faces = (await getOk<PageBody<FaceBody>>(server, `/api/people/${into!.id}/faces?order=least-similar&limit=500`)).items;
      expect(faces.length).toBe(into!.faces + from!.faces);
      const graph = await getOk<{ nodes: { id: string }[] }>(server, '/api/graph');
      expect(graph.nodes.map((n) => n.id)).not.toContain(from!.id);
      expect((await getOk<{ items: unknown[] }>(server, `/api/people/${into!.id}/companions`)).items).toEqual(
        JSON.parse(ok(['person', 'with', into!.id, '--json']).stdout),
      );
    });

    it('serves face crops from the bucket with ETag and 304', async () => {
      const person = (await getOk<PageBody<PersonBody>>(server, '/api/people')).items[0]!;
      const res = await server.api(`/api/faces/${person.coverFaceId}/crop`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('etag')).toBe(`"${person.coverFaceId}"`);
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 160, 160]);
      const again = await server.api(`/api/faces/${person.coverFaceId}/crop`, { headers: { 'if-none-match': res.headers.get('etag')! } });
      expect(again.status).toBe(304);
    });

    it('resizes photos read from the bucket, JPEG or WebP', async () => {
      const photo = (await getOk<PageBody<PhotoBody>>(server, '/api/photos?limit=1')).items[0]!;
      expect(photo.path.startsWith(`s3://${photos.bucket}/${photos.prefix}`)).toBe(true);
      const jpeg = await server.api(`/api/photos/${photo.id}/image?size=256`);
      expect(jpeg.status).toBe(200);
      const meta = await sharp(Buffer.from(await jpeg.arrayBuffer())).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width!, meta.height!)).toBe(Math.min(256, Math.max(photo.width, photo.height)));
      const webp = await server.api(`/api/photos/${photo.id}/image?size=256`, { headers: { accept: 'image/webp' } });
      expect((await sharp(Buffer.from(await webp.arrayBuffer())).metadata()).format).toBe('webp');
      expect(webp.headers.get('etag')).toBe(`"${photo.id}-256-webp-v1"`);
    });
  });
}
