import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { cliEnv, runCli, tempDir } from '../../support/cli.js';
import { dataset } from '../../support/shared.js';
import { startServe } from '../../server/support/serve-process.js';
import { E2E_ENV } from './e2e-env.js';

/**
 * small/deepface, the five Big Bang Theory group photos and the same cast's crops (small/bbt_faceapijs): portraits,
 * groups and people who appear together. Four glint-celebs people, photographed over many years, leave the
 * clustering in enough doubt that the review queue has more than the ten questions the review test answers
 * (deepface and bbt alone settle all but 9 on the default pack).
 */
const PHOTOS = [
  dataset('small', 'deepface'),
  ...[1, 2, 3, 4, 5].map((i) => dataset('groups', `faceapijs_bbt${i}.jpg`)),
  dataset('small', 'bbt_faceapijs'),
  ...['Barack_Obama', 'Daniel_Radcliffe', 'Drew_Barrymore', 'Gwyneth_Paltrow'].map((name) => dataset('glint-celebs', name)),
];
/** What the status page's scan test scans: two photos the library has not seen, in a folder below --roots. */
const NEW_PHOTOS = [dataset('groups', 'human_group1.jpg'), dataset('groups', 'facenetpytorch_multiface.jpg')];

/**
 * Scans the photos into a temporary library with the CLI (as a user would), then starts one `facetag serve` over
 * it for every browser test; its URL, token and folders reach the tests through the environment.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const work = tempDir('e2e');
  const library = join(work, 'library');
  const roots = join(work, 'roots');
  const scan = runCli(['scan', ...PHOTOS], cliEnv(library));
  if (scan.code !== 0) throw new Error(`the e2e library's scan failed (${scan.code}):\n${scan.stderr}`);

  mkdirSync(join(roots, 'new-photos'), { recursive: true });
  for (const photo of NEW_PHOTOS) copyFileSync(photo, join(roots, 'new-photos', photo.split('/').pop()!));

  const server = await startServe(['--roots', roots], cliEnv(library));
  const token = server.token ?? (await printedToken(server.output));
  process.env[E2E_ENV.url] = server.url;
  process.env[E2E_ENV.token] = token;
  process.env[E2E_ENV.library] = library;
  process.env[E2E_ENV.roots] = roots;

  return async () => {
    const code = await server.stop();
    if (code !== 0 && code !== null) console.error(`facetag serve exited with ${code}:\n${server.output().slice(-4000)}`);
    if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  };
}

/** serve prints the token link just after its "listening" line; startServe may have looked before it came. */
async function printedToken(output: () => string): Promise<string> {
  for (;;) {
    const line = /\/\?token=(\S+)/.exec(output());
    if (line) return line[1]!;
    if (/exited|Error/.test(output())) throw new Error(`facetag serve printed no token:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
