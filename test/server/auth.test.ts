import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

let library: string;
let server: ServeProcess;

beforeAll(async () => {
  library = tempDir('serve-auth');
  server = await startServe([], cliEnv(library));
});
afterAll(async () => {
  await server.stop();
});

describe('facetag serve: the token', () => {
  it('keeps a generated token in the library folder, readable by its owner only', () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(statSync(join(library, 'server-token')).mode & 0o777).toBe(0o600);
  });

  it('refuses a protected route without the token, with a wrong one, and with a wrong cookie', async () => {
    const attempts: (RequestInit & { auth: false })[] = [{ auth: false }, { auth: false, headers: { authorization: 'Bearer wrong' } }, { auth: false, headers: { cookie: 'facetag_session=forged' } }];
    for (const init of attempts) {
      const res = await server.api('/metrics', init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.json()).toMatchObject({ error: 'unauthorised' });
    }
  });

  it('turns the printed link into an HttpOnly SameSite=Strict cookie and a redirect without the token', async () => {
    const res = await server.api(`/people?sort=name&token=${server.token}`, { auth: false, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/people?sort=name');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^facetag_session=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    // The cookie is derived from the token, not the token itself.
    expect(setCookie).not.toContain(server.token!);
    const cookie = setCookie.split(';')[0]!;
    expect((await server.api('/metrics', { auth: false, headers: { cookie } })).status).toBe(200);
  });

  it('does not set a session for a wrong token in the link', async () => {
    const res = await server.api('/?token=not-the-token', { auth: false, redirect: 'manual' });
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('uses the same token after a restart', async () => {
    const again = await startServe([], cliEnv(library));
    try {
      expect(again.token).toBe(server.token);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  it('takes FACETAG_TOKEN instead of the kept token', async () => {
    const own = await startServe([], cliEnv(tempDir('serve-env-token'), { FACETAG_TOKEN: 'token-from-the-environment' }));
    try {
      expect(own.token).toBe('token-from-the-environment');
      expect((await own.api('/metrics')).status).toBe(200);
    } finally {
      await own.stop();
    }
  });
});

describe('facetag serve --no-auth', () => {
  it('is refused on an address other machines reach', () => {
    const result = runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--no-auth'], cliEnv(tempDir('serve-noauth')));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--no-auth is refused on 0\.0\.0\.0/);
  });

  it('serves without a token on loopback', async () => {
    const open = await startServe(['--no-auth'], cliEnv(tempDir('serve-noauth-loopback')));
    try {
      expect(open.token).toBeNull();
      expect((await open.api('/metrics', { auth: false })).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});
