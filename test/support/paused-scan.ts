import { startCli, type CliResult } from './cli.js';

/**
 * Starts `facetag scan` in the background and freezes it (SIGSTOP) once its progress line says `count` photos are
 * done (stored), so a fault test changes a server at a known point of the scan however slow the machine is;
 * `resume` lets the scan go on.
 */
export async function scanPausedAfter(
  roots: string[],
  env: NodeJS.ProcessEnv,
  count: number,
): Promise<{ result: Promise<CliResult>; resume: () => void }> {
  // A progress line per photo: the default (one every 5 s off a terminal) can skip from the first photo to the last.
  const child = startCli(['scan', ...roots], { ...env, FACETAG_PROGRESS_EVERY_MS: '0' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const result: Promise<CliResult> = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  let paused = false;
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (paused) return;
      const done = [...stderr.matchAll(/(\d+)\/\d+ files/g)].map((m) => Number(m[1]));
      if (done.some((n) => n >= count)) {
        paused = true;
        child.kill('SIGSTOP');
        resolve();
      }
    });
    void result.then(() => reject(new Error(`the scan ended before ${count} photos were done:\n${stdout}${stderr}`)));
  });
  return { result, resume: () => child.kill('SIGCONT') };
}

/** Runs a scan until `count` photos are done, kills a server under it, lets it go on and returns how it ended. */
export async function scanWithServerKilledAfter(
  roots: string[],
  env: NodeJS.ProcessEnv,
  count: number,
  server: { kill(): Promise<void> },
): Promise<CliResult> {
  const scan = await scanPausedAfter(roots, env, count);
  await server.kill();
  scan.resume();
  return scan.result;
}
