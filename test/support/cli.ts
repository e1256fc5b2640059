import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failIfHung, HANG_GUARD_MS, tail } from './hang-guard.js';
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

/** The built CLI, run exactly as a user would. */
const FACETAG = join(REPO_ROOT, 'bin', 'facetag.js');

/** Runs the built CLI (bin/facetag.js) exactly as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const result = spawnSync(process.execPath, [FACETAG, ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: HANG_GUARD_MS,
    killSignal: 'SIGKILL',
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    throw new Error(`facetag ${args.join(' ')} hung: killed after ${HANG_GUARD_MS / 1000} s\n${tail('stdout', result.stdout)}${tail('stderr', result.stderr)}`);
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same guard for fixtures that end by killing themselves with SIGKILL: a hang is ended with SIGTERM, so the
 * test's check of the signal tells the two apart.
 */
export const SELF_KILLING_CHILD_GUARD = { timeout: HANG_GUARD_MS, killSignal: 'SIGTERM' } as const;

/**
 * Runs the built CLI without blocking this process: for a test whose own servers or background children must keep
 * being served while the CLI runs (runCli's spawnSync freezes them until the CLI exits). A CLI that never exits is
 * killed by the hang guard (hang-guard.ts), which fails the test with the CLI's output so far and `account()`.
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv, account: () => Promise<string> | string = () => ''): Promise<CliResult> {
  const child = startCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return failIfHung(done, `facetag ${args.join(' ')}`, async () => {
    child.kill('SIGKILL');
    return `${tail('stdout', stdout)}${tail('stderr', stderr)}${await account()}`;
  });
}

/** Runs the built CLI and fails the test, with the command and its stderr, unless it exits 0. */
export function runCliOk(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const result = runCli(args, env);
  if (result.code !== 0) throw new Error(`facetag ${args.join(' ')} exited ${result.code}\n${result.stderr}`);
  return result;
}

/** Starts the CLI in the background, for tests that interrupt it. */
export function startCli(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, [FACETAG, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Starts the CLI in the background with its output (stdout and stderr) in a file, not a pipe: a test blocked in runCli
 * (spawnSync) drains no pipe, and a child that filled one would block on its next line.
 */
export function startCliLogged(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { log: () => string } {
  const logFile = join(tempDir('cli-log'), 'output.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [FACETAG, ...args], { env, stdio: ['ignore', out, out] });
  closeSync(out);
  return Object.assign(child, { log: () => readFileSync(logFile, 'utf8') });
}
