import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { intersectionOverUnion } from '../../src/domain/geometry.js';
import { LibraryExportSchema, type ExportedBox } from '../../src/interop/json-export-schema.js';
import type { PersonSummary } from '../../src/index.js';
import { cliEnv, runCli, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';

/*
 * `facetag models use` on a library that holds faces: small/deepface scanned with the default pack
 * (yunet-scrfd500m-w600k), two people named and corrected, then switched to scrfd500m-w600k, whose detector is
 * another one, so the boxes move a little and the decisions must be carried by overlap, not by face id.
 */
const OLD = 'yunet-scrfd500m-w600k';
const NEW = 'scrfd500m-w600k';
let library: string;
let env: NodeJS.ProcessEnv;
const cli = (args: string[]): CliResult => runCli(args, env);
const people = (): PersonSummary[] => JSON.parse(cli(['people', '--json']).stdout) as PersonSummary[];
const exported = () => LibraryExportSchema.parse(JSON.parse(cli(['export', '--format', 'json']).stdout));
const facesShown = (who: string): string[] => cli(['person', 'show', who]).stdout.trim().split('\n').slice(2).map((l) => l.split(/\s+/)[0]!);

/** Every face as (photo, box, who), to find after the switch by overlap. */
function faceTable() {
  return exported().photos.flatMap((p) => p.faces.map((f) => ({ sha: p.sha256, id: f.id, box: f.box, pack: f.pack, name: f.personName, personId: f.personId, source: f.source })));
}
type Row = ReturnType<typeof faceTable>[number];
function sameBox(rows: readonly Row[], sha: string, box: ExportedBox): Row | undefined {
  const best = rows.filter((r) => r.sha === sha).sort((a, b) => intersectionOverUnion(b.box, box) - intersectionOverUnion(a.box, box))[0];
  return best && intersectionOverUnion(best.box, box) >= 0.5 ? best : undefined;
}
function cropFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.jpg') && f.parentPath.split('/').includes('crops')).map((f) => join(f.parentPath, f.name));
}

let before: Row[];
let rejected: Row;
let moved: Row;

beforeAll(() => {
  library = scannedLibraryCopy('deepface', dataset('small', 'deepface'));
  env = cliEnv(library);
  const [alice, bob] = people().filter((p) => p.faces >= 3);
  expect(cli(['person', 'name', alice!.id, 'Alice']).code).toBe(0);
  expect(cli(['person', 'name', bob!.id, 'Bob']).code).toBe(0);
  // Corrections: one of Bob's faces is not Bob (a not-person constraint), another one of his is moved to Alice.
  const [, notBob, toAlice] = facesShown(bob!.id);
  expect(cli(['person', 'not', bob!.id, notBob!]).code).toBe(0);
  expect(cli(['person', 'move', toAlice!, '--to', alice!.id]).code).toBe(0);
  before = faceTable();
  rejected = before.find((r) => r.id === notBob)!;
  moved = before.find((r) => r.id === toAlice)!;
  expect(before.every((r) => r.pack === OLD)).toBe(true);
});

describe('facetag models use on a library with faces', () => {
  it('re-embeds every photo with the new pack and keeps names and corrections on the same boxes', () => {
    const started = performance.now();
    const use = cli(['models', 'use', NEW]);
    const seconds = (performance.now() - started) / 1000;
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).toMatch(new RegExp(`now uses ${NEW} \\(was ${OLD}\\): \\d+ photos analysed again`));
    console.log(`models use ${NEW} on small/deepface: ${seconds.toFixed(1)} s\n${use.stdout}`);
    expect(cli(['status']).stdout).toMatch(new RegExp(`model pack: ${NEW}`));

    const after = faceTable();
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.pack === NEW)).toBe(true);
    // Every named face whose box the new detector found again is on a face of that box with the same name.
    const named = before.filter((r) => r.name === 'Alice' || r.name === 'Bob');
    const found = named.map((r) => [r, sameBox(after, r.sha, r.box)] as const).filter(([, n]) => n !== undefined);
    expect(found.length).toBeGreaterThanOrEqual(named.length - 1);
    for (const [old, now] of found) expect(now!.name, `${old.id} -> ${now!.id}`).toBe(old.name);
    // The corrections: the moved face is Alice's by the user; the rejected one is not Bob's.
    expect(sameBox(after, moved.sha, moved.box)).toMatchObject({ name: 'Alice', source: 'user' });
    expect(sameBox(after, rejected.sha, rejected.box)?.name).not.toBe('Bob');

    const crops = cropFiles(library);
    expect(crops.length).toBe(after.length);
    expect(crops.filter((c) => c.includes(`.${OLD}.`))).toEqual([]);
  });

  it('a second switch to the same pack does no work', () => {
    const again = cli(['models', 'use', NEW]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/every photo is analysed with it already/);
  });
});
