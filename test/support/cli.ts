import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, SHARED_MODELS } from './shared.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `facetag-${prefix}-`));
}

export function cliEnv(library: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, FACETAG_LIBRARY: library, FACETAG_MODELS_PATH: SHARED_MODELS, FACETAG_JOBS: '2', ...extra };
}

/** Runs the built CLI (bin/facetag.js) exactly as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'facetag.js'), ...args], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the built CLI and fails the test, with the command and its stderr, unless it exits 0. */
export function runCliOk(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const result = runCli(args, env);
  if (result.code !== 0) throw new Error(`facetag ${args.join(' ')} exited ${result.code}\n${result.stderr}`);
  return result;
}

/** Starts the CLI in the background, for tests that interrupt it. */
export function startCli(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, [join(REPO_ROOT, 'bin', 'facetag.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}
