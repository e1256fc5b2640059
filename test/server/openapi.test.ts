import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cliEnv } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { getOk, type PageBody, type PersonBody, type PhotoBody } from './support/library-api.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/*
 * The API document is walked route by route, so a route added later is checked without anyone listing it here:
 * every route not marked public (security: []) must refuse a request without the token, and every GET of the
 * library must answer what its documented schema says.
 */
interface Operation {
  security?: unknown[];
  tags?: string[];
  parameters?: { in: string; name: string; required?: boolean }[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

const LIBRARY_TAGS = new Set(['people', 'faces', 'photos']);
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

let server: ServeProcess;
let doc: OpenApiDocument;
/** Ids that exist in the library, by the path segment before `{id}`. */
let ids: Record<string, string>;

beforeAll(async () => {
  server = await startServe([], cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface'))));
  const res = await server.api('/openapi.json', { auth: false });
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
  const person = (await getOk<PageBody<PersonBody>>(server, '/api/people?limit=1')).items[0]!;
  const photo = (await getOk<PageBody<PhotoBody>>(server, '/api/photos?limit=1')).items[0]!;
  ids = { people: person.id, faces: person.coverFaceId!, photos: photo.id };
});
afterAll(async () => {
  await server?.stop();
});

function operations(): { path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ path, method, op })),
  );
}

/** The path with each parameter filled: a real id where the resource is known, a harmless word otherwise. */
function concretePath(path: string): string | null {
  let unknown = false;
  const filled = path.replace(/\/([^/{}]+)\/\{(\w+)\}/g, (_all, resource: string, param: string) => {
    const id = param === 'id' ? ids[resource] : undefined;
    if (id === undefined) unknown = true;
    return `/${resource}/${id ?? 'x'}`;
  });
  return unknown ? null : filled;
}

describe('/openapi.json', () => {
  it('documents the library routes of docs/http-api.md', () => {
    const documented = new Set(operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    for (const route of [
      'GET /api/people',
      'POST /api/people',
      'GET /api/people/{id}',
      'PATCH /api/people/{id}',
      'GET /api/people/{id}/faces',
      'POST /api/people/{id}/merge',
      'POST /api/people/{id}/split',
      'POST /api/people/{id}/reject',
      'GET /api/people/{id}/timeline',
      'GET /api/people/{id}/companions',
      'POST /api/faces/move',
      'GET /api/faces/unassigned',
      'GET /api/faces/{id}',
      'GET /api/faces/{id}/crop',
      'GET /api/photos',
      'GET /api/photos/{id}',
      'GET /api/photos/{id}/image',
      'GET /api/graph',
      'GET /api/search',
    ]) {
      expect(documented, route).toContain(route);
    }
  });

  it('refuses every route not marked public without the token, with 401', async () => {
    let checked = 0;
    for (const { path, method, op } of operations()) {
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const url = (concretePath(path) ?? path.replace(/\{\w+\}/g, 'x')).replace(/\*$/, 'x');
      const init: RequestInit & { auth: boolean } = { method: method.toUpperCase(), auth: false };
      if (method !== 'get' && method !== 'delete') Object.assign(init, { body: '{}', headers: { 'content-type': 'application/json' } });
      const res = await server.api(url, init);
      await res.arrayBuffer();
      if (isPublic) expect(res.status, `${method} ${path} is public`).not.toBe(401);
      else {
        expect(res.status, `${method.toUpperCase()} ${path} without the token`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(19);
  });

  it('answers every GET of the library as its documented schema says', async () => {
    const checked: string[] = [];
    for (const { path, method, op } of operations()) {
      if (method !== 'get' || !op.tags?.some((tag) => LIBRARY_TAGS.has(tag))) continue;
      // Required query parameters would need values of their own; the library's GETs have none.
      expect(op.parameters?.filter((p) => p.in === 'query' && p.required) ?? [], path).toEqual([]);
      const url = concretePath(path);
      expect(url, `no id known for ${path}`).not.toBeNull();
      const res = await server.api(url!);
      expect(res.status, `GET ${url}`).toBe(200);
      const content = op.responses?.['200']?.content ?? {};
      const type = res.headers.get('content-type')!.split(';')[0]!;
      if (type.startsWith('image/')) {
        // Images are documented by the types they come in.
        expect(path).toMatch(/\/(crop|image)$/);
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
      } else {
        expect(type).toBe('application/json');
        const schema = content['application/json']?.schema;
        expect(schema, `GET ${path} documents its answer`).toBeDefined();
        const validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0], { defaultTarget: 'openapi-3.0' });
        const parsed = validator.safeParse(await res.json());
        expect(parsed.success, `GET ${url}: ${parsed.error?.message}`).toBe(true);
      }
      checked.push(path);
    }
    expect(checked.length).toBeGreaterThanOrEqual(12);
  });

  it('would notice an answer that breaks its schema', () => {
    const personSchema = doc.paths['/api/people/{id}']!.get!.responses!['200']!.content!['application/json']!.schema;
    const validator = z.fromJSONSchema(personSchema as Parameters<typeof z.fromJSONSchema>[0], { defaultTarget: 'openapi-3.0' });
    const good = { id: 'p1', name: null, hidden: false, faces: 1, photos: 1, coverFaceId: null };
    expect(validator.safeParse(good).success).toBe(true);
    expect(validator.safeParse({ ...good, faces: '1' }).success).toBe(false);
    expect(validator.safeParse({ ...good, extra: true }).success).toBe(false);
    const { coverFaceId: _dropped, ...missing } = good;
    expect(validator.safeParse(missing).success).toBe(false);
  });
});
