import { startCli, type CliResult } from '../../support/cli.js';

/**
 * Runs the built CLI without blocking this process, so that a test's own HTTP server (in this process) can answer
 * the CLI's downloads; runCli's spawnSync would freeze the server until the CLI gives up.
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = startCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
