import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';

describe('re-scanning a changing folder', () => {
  it('analyses only new and changed files, links copies, and forgets removed files only with --prune', async () => {
    const photos = tempDir('photos');
    const env = cliEnv(tempDir('library'));
    const sources = ['img2.jpg', 'img7.jpg', 'img10.jpg'].map((f) => dataset('small', 'deepface', 'person01', f));
    sources.forEach((source, i) => copyFileSync(source, join(photos, `photo${i}.jpg`)));
    copyFileSync(dataset('small', 'deepface', 'person02', 'img3.jpg'), join(photos, 'photo3.jpg'));

    const first = runCli(['scan', photos], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/4 photos .*: 4 analysed, 0 unchanged, 0 already known, 0 errors/);

    // A changed file (re-encoded), a new file, a copy of a known photo, and a deleted file.
    await sharp(sources[0]!).jpeg({ quality: 60 }).toFile(join(photos, 'photo0.tmp.jpg'));
    rmSync(join(photos, 'photo0.jpg'));
    copyFileSync(join(photos, 'photo0.tmp.jpg'), join(photos, 'photo0.jpg'));
    rmSync(join(photos, 'photo0.tmp.jpg'));
    copyFileSync(dataset('small', 'deepface', 'person03', 'img9.jpg'), join(photos, 'new.jpg'));
    copyFileSync(join(photos, 'photo1.jpg'), join(photos, 'copy-of-photo1.jpg'));
    rmSync(join(photos, 'photo3.jpg'));

    const second = runCli(['scan', photos], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/5 photos .*: 2 analysed, 2 unchanged, 1 already known, 0 errors/);
    // Without --prune the removed photo stays (a disconnected drive must not erase people);
    // the old content of the changed photo0 is forgotten, since no path holds it any more.
    expect(runCli(['status'], env).stdout).toMatch(/photos:\s+5 \(6 files\)/);

    const pruned = runCli(['scan', '--prune', photos], env);
    expect(pruned.stdout).toMatch(/0 analysed, 5 unchanged, 0 already known, 0 errors, 1 removed/);
    // photo3 and the old content of photo0 are gone; photo0 (new), photo1 (+copy), photo2, new remain.
    expect(runCli(['status'], env).stdout).toMatch(/photos:\s+4 \(5 files\)/);
  });
});
