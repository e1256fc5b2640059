/** `facetag serve --port 0` over a library, as a user starts it, with its sign-in link and its peak memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RunningServe {
  url: string;
  token: string;
  /** Peak resident memory so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

const BIN = join(resolve('.'), 'bin', 'facetag.js');

export async function startServe(library: string): Promise<RunningServe> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'warn'], {
    env: { ...process.env, FACETAG_LIBRARY: library },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  // The sign-in link comes on the line after "listening": wait for both.
  const { url, token } = await new Promise<{ url: string; token: string }>((res, rej) => {
    const timer = setInterval(() => {
      const link = /open (https?:\/\/\S+)\/\?token=(\S+)/.exec(out);
      if (link) {
        clearInterval(timer);
        res({ url: link[1]!, token: link[2]! });
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      rej(new Error(`facetag serve exited before printing its sign-in link:\n${out}`));
    });
  });
  return {
    url,
    token,
    peakRssMb() {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
