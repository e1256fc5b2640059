import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverImages, type DiscoveryEvent } from '../../src/pipeline/discover.js';
import { dataset } from '../support/shared.js';

async function collect(roots: string[]): Promise<DiscoveryEvent[]> {
  const events: DiscoveryEvent[] = [];
  for await (const e of discoverImages(roots)) events.push(e);
  return events;
}

describe('discoverImages', () => {
  it('decides by content, skips hidden and system files, and survives link loops', async () => {
    const root = mkdtempSync(join(tmpdir(), 'facetag-discover-'));
    const photo = dataset('small', 'deepface', 'person01', 'img2.jpg');
    mkdirSync(join(root, 'album'));
    copyFileSync(photo, join(root, 'album', 'a.jpg'));
    copyFileSync(photo, join(root, 'album', 'no_extension'));
    copyFileSync(photo, join(root, 'album', 'looks.png'));
    copyFileSync(photo, join(root, '.hidden.jpg'));
    mkdirSync(join(root, '@eaDir'));
    copyFileSync(photo, join(root, '@eaDir', 'thumb.jpg'));
    writeFileSync(join(root, 'album', 'notes.txt'), 'not a photo');
    writeFileSync(join(root, 'album', 'fake.jpg'), '<html>not a photo</html>');
    symlinkSync(root, join(root, 'album', 'loop'));

    const events = await collect([root]);
    const images = events.filter((e) => e.kind === 'image').map((e) => (e.kind === 'image' ? e.file.path : ''));
    expect(images).toEqual([join(root, 'album', 'a.jpg'), join(root, 'album', 'looks.png'), join(root, 'album', 'no_extension')]);
    const broken = events.filter((e) => e.kind === 'not-an-image');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ file: { path: join(root, 'album', 'fake.jpg') }, reason: expect.stringMatching(/not a recognised image/) });
  });

  it('names a missing folder', async () => {
    await expect(collect(['/nonexistent/photos'])).rejects.toThrow(/\/nonexistent\/photos: no such file or folder/);
  });
});
