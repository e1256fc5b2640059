import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

/*
 * Who appears with whom, and a person's timeline, on the cast of small/bbt_faceapijs plus their five group photos:
 * the answers must match what the export says about the same library.
 */
let env: NodeJS.ProcessEnv;
let library: LibraryExport;

beforeAll(() => {
  const photos = tempDir('bbt-photos');
  mkdirSync(join(photos, 'groups'));
  for (let i = 1; i <= 5; i++) symlinkSync(dataset('groups', `faceapijs_bbt${i}.jpg`), join(photos, 'groups', `bbt${i}.jpg`));
  symlinkSync(dataset('small', 'bbt_faceapijs'), join(photos, 'cast'));
  env = cliEnv(tempDir('bbt-library'));
  const scan = runCli(['scan', photos], env);
  expect(scan.code, scan.stderr).toBe(0);
  library = LibraryExportSchema.parse(JSON.parse(runCli(['export', '--format', 'json'], env).stdout));
}, 300_000);

/** Photos shared with each other person, counted from the export. */
function companionsFromExport(personId: string): Map<string, number> {
  const shared = new Map<string, number>();
  for (const photo of library.photos) {
    const here = new Set(photo.faces.map((f) => f.personId).filter((id): id is string => id !== null));
    if (!here.has(personId)) continue;
    for (const other of here) if (other !== personId) shared.set(other, (shared.get(other) ?? 0) + 1);
  }
  return shared;
}

describe('person with / person timeline', () => {
  it('counts the photos each pair of people share, most first', () => {
    const [busiest] = [...library.people].sort((a, b) => companionsFromExport(b.id).size - companionsFromExport(a.id).size);
    const expected = companionsFromExport(busiest!.id);
    expect(expected.size).toBeGreaterThan(0);
    const answer = JSON.parse(runCli(['person', 'with', busiest!.id, '--json'], env).stdout) as { personId: string; photos: number }[];
    expect(new Map(answer.map((c) => [c.personId, c.photos]))).toEqual(expected);
    expect(answer.map((c) => c.photos)).toEqual([...answer.map((c) => c.photos)].sort((a, b) => b - a));
  });

  it("lists a person's photos, dated ones first in time order", () => {
    const person = [...library.people].sort((a, b) => b.photos - a.photos)[0]!;
    const timeline = JSON.parse(runCli(['person', 'timeline', person.id, '--json'], env).stdout) as { sha256: string; takenAt: string | null }[];
    const ofPerson = library.photos.filter((p) => p.faces.some((f) => f.personId === person.id));
    expect(timeline.map((p) => p.sha256).sort()).toEqual(ofPerson.map((p) => p.sha256).sort());
    const dated = timeline.filter((p) => p.takenAt !== null).map((p) => p.takenAt!);
    expect(dated).toEqual([...dated].sort());
    const firstUndated = timeline.findIndex((p) => p.takenAt === null);
    if (firstUndated >= 0) expect(timeline.slice(firstUndated).every((p) => p.takenAt === null)).toBe(true);
  });
});
