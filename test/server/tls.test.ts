import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../support/cli.js';
import { startServe } from './support/serve-process.js';

/** GET over HTTPS trusting only the given certificate, so the test proves the server presents it. */
function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string; hsts: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, hsts: res.headers['strict-transport-security'] as string | undefined }));
    }).on('error', reject);
  });
}

describe('facetag serve --tls-cert --tls-key', () => {
  it('serves HTTPS with the given certificate', async () => {
    const dir = tempDir('serve-tls');
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '2', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const server = await startServe(['--tls-cert', cert, '--tls-key', key], cliEnv(join(dir, 'library')));
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await httpsGet(`${server.url}/health`, readFileSync(cert));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
      expect(res.hsts).toMatch(/max-age=/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
