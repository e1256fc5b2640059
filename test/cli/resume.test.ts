import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

// ~200 LFW photos: long enough to be killed in the middle.
const FOLDERS = readdirSync(dataset('lfw')).filter((name) => name.startsWith('B')).map((name) => dataset('lfw', name));

function storedPhotos(library: string): number {
  try {
    const db = new Database(join(library, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  // Bounded by count, not by a clock: a slow machine just polls longer.
  for (let i = 0; i < 6000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('a scan killed with SIGKILL', () => {
  it('resumes without redoing stored photos and ends with the same library as an uninterrupted scan', async () => {
    const reference = cliEnv(tempDir('uninterrupted'));
    expect(runCli(['scan', ...FOLDERS], reference).code).toBe(0);
    const expected = runCli(['export', '--format', 'json'], reference).stdout;
    const total = (JSON.parse(expected) as { photos: unknown[] }).photos.length;
    expect(total).toBeGreaterThan(150);

    const library = tempDir('killed');
    const env = cliEnv(library);
    for (const fraction of [0.2, 0.6]) {
      const child = startCli(['scan', ...FOLDERS], env);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await waitFor(() => storedPhotos(library) >= total * fraction || child.exitCode !== null, `${fraction * 100}% of the photos`);
      child.kill('SIGKILL');
      await exited;
    }
    const stored = storedPhotos(library);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(total);

    const resumed = runCli(['scan', ...FOLDERS], env);
    expect(resumed.code).toBe(0);
    const analysed = Number(/(\d+) analysed/.exec(resumed.stdout)![1]);
    // Photos stored before the kill are not analysed again.
    expect(analysed).toBeLessThanOrEqual(total - stored);
    expect(runCli(['export', '--format', 'json'], env).stdout).toBe(expected);
  });
});
