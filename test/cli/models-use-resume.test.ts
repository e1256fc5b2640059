import { describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/index.js';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, startCli } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';

const NEW = 'scrfd500m-w600k';

/** Starts `models use` and kills it (SIGKILL: no cleanup at all) once its progress says `count` photos are stored. */
async function killedAfter(env: NodeJS.ProcessEnv, count: number): Promise<void> {
  const child = startCli(['models', 'use', NEW], { ...env, FACETAG_PROGRESS_EVERY_MS: '0' });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if ([...stderr.matchAll(/(\d+)\/\d+ files/g)].some((m) => Number(m[1]) >= count)) child.kill('SIGKILL');
  });
  await exited;
}

describe('facetag models use killed halfway', () => {
  it('keeps the old pack setting, and the next run redoes only the photos not done and keeps the names', async () => {
    const env = cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface')));
    const cli = (args: string[]) => runCli(args, env);
    const [alice] = (JSON.parse(cli(['people', '--json']).stdout) as PersonSummary[]).filter((p) => p.faces >= 3);
    expect(cli(['person', 'name', alice!.id, 'Alice']).code).toBe(0);
    const aliceFaces = alice!.faces;
    const photos = LibraryExportSchema.parse(JSON.parse(cli(['export', '--format', 'json']).stdout)).photos.length;

    await killedAfter(env, 20);
    expect(cli(['status']).stdout).toMatch(/model pack: yunet-scrfd500m-w600k/);
    // A scan with the old pack meanwhile would undo the work: it is refused, saying how to finish.
    const scan = cli(['scan', dataset('small', 'deepface')]);
    expect(scan.code).toBe(1);
    expect(scan.stderr).toBe(`facetag: the switch to pack ${NEW} is unfinished; finish it first with: facetag models use ${NEW}\n`);

    const again = cli(['models', 'use', NEW]);
    expect(again.code, again.stderr).toBe(0);
    const redone = Number(/: (\d+) photos analysed again/.exec(again.stdout)?.[1]);
    expect(redone).toBeGreaterThan(0);
    expect(redone).toBeLessThanOrEqual(photos - 20);
    const after = LibraryExportSchema.parse(JSON.parse(cli(['export', '--format', 'json']).stdout));
    expect(after.photos.flatMap((p) => p.faces).every((f) => f.pack === NEW)).toBe(true);
    const named = after.people.find((p) => p.name === 'Alice');
    expect(named?.id).toBe(alice!.id);
    expect(named!.faces).toBeGreaterThanOrEqual(aliceFaces - 1);
  });
});
