import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { cliEnv, runCli, tempDir } from '../../support/cli.js';

/**
 * A fresh copy of a library that holds `photos` scanned with the default pack. The scan runs once per test run
 * (files run one at a time, so no two scan at once); each caller gets its own copy to change at will.
 */
export function scannedLibraryCopy(name: string, photos: string): string {
  const cached = join(inject('scannedLibraries'), name);
  if (!existsSync(join(cached, '.complete'))) {
    const scan = runCli(['scan', photos], cliEnv(cached));
    expect(scan.code, scan.stderr).toBe(0);
    writeFileSync(join(cached, '.complete'), '');
  }
  const copy = tempDir(`${name}-library`);
  cpSync(cached, copy, { recursive: true, filter: (src) => !src.endsWith('.complete') && !src.endsWith('server-token') });
  return copy;
}
