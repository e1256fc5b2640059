import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/shared.js';

export interface ServeProcess {
  url: string;
  token: string | null;
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far (logs are JSON lines on stdout). */
  output(): string;
  /** Fetch with the token (unless `auth: false`), relative to the server's URL. */
  api(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `facetag serve --port 0` exactly as a user would and waits for its "listening" line. The library comes
 * from `env` (FACETAG_LIBRARY etc.); extra flags in `args`.
 */
export async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'facetag.js'), 'serve', '--port', '0', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /facetag listening on (https?:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`facetag serve exited with ${code} before listening:\n${out}`));
    });
  });
  const tokenLine = /\/\?token=(\S+)/.exec(out);
  const token = tokenLine ? tokenLine[1]! : null;
  const library = env.FACETAG_LIBRARY;
  // The printed token must be the one kept in the library folder (unless FACETAG_TOKEN gave it).
  if (token !== null && library && env.FACETAG_TOKEN === undefined) {
    const kept = (await readFile(join(library, 'server-token'), 'utf8')).trim();
    if (kept !== token) throw new Error('printed token differs from the kept one');
  }
  return {
    url,
    token,
    child,
    output: () => out,
    api(path, init = {}) {
      const { auth = true, headers, ...rest } = init;
      const h = new Headers(headers);
      if (auth && token !== null) h.set('authorization', `Bearer ${token}`);
      return fetch(`${url}${path}`, { ...rest, headers: h });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
