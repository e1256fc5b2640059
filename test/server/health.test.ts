import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../support/cli.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

let server: ServeProcess;

beforeAll(async () => {
  server = await startServe([], cliEnv(tempDir('serve-health')));
});
afterAll(async () => {
  await server.stop();
});

describe('facetag serve: health, readiness, request ids', () => {
  it('answers /health without a token, with the version and the pack', async () => {
    const res = await server.api('/health', { auth: false });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string; pack: string };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.pack).toBe('yunet-scrfd500m-w600k');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is ready when catalog, object store and models answer', async () => {
    const res = await server.api('/ready', { auth: false });
    const body = (await res.json()) as { ready: boolean; checks: { part: string; ok: boolean }[] };
    expect(res.status).toBe(200);
    expect(body.checks.map((c) => c.part).sort()).toEqual(['catalog', 'models', 'object store']);
    expect(body.checks.every((c) => c.ok)).toBe(true);
  });

  it('gives every request its own id, in the header and in the log line', async () => {
    const a = await server.api('/health', { auth: false });
    const b = await server.api('/health', { auth: false });
    const ids = [a.headers.get('x-request-id'), b.headers.get('x-request-id')];
    expect(ids[0]).not.toBe(ids[1]);
    await new Promise((r) => setTimeout(r, 200));
    for (const id of ids) expect(server.output()).toContain(`"reqId":"${id}"`);
  });

  it('serves Prometheus metrics with the token, 401 without', async () => {
    expect((await server.api('/metrics', { auth: false })).status).toBe(401);
    const res = await server.api('/metrics');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/facetag_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} [1-9]/);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await server.api('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not found' });
  });
});
