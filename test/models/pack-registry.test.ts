import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestAvailablePack, findPack, knownPacks, locatePack } from '../../src/models/pack-registry.js';
import { SHARED_MODELS } from '../support/shared.js';

describe('model pack registry', () => {
  it('knows the packs in packs/ and refuses unknown names', () => {
    expect(knownPacks().map((p) => p.name)).toContain('yunet-w600k');
    expect(() => findPack('yunet-w600')).toThrow(/unknown model pack "yunet-w600"; known packs: .*yunet-w600k/);
  });

  it('finds weights by checksum in the model folders', async () => {
    const found = await locatePack(findPack('yunet-w600k'), [mkdtempSync(join(tmpdir(), 'empty-')), SHARED_MODELS]);
    expect(found.available).toBe(true);
    if (found.available) expect(found.located.files.get('w600k_mbf_int8.onnx')).toBe(join(SHARED_MODELS, 'w600k_mbf_int8.onnx'));
  });

  it('refuses a file with the right name and the wrong bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-models-'));
    writeFileSync(join(dir, 'yunet_2026may_dynamic.onnx'), 'not the model');
    const found = await locatePack(findPack('yunet-w600k'), [dir]);
    expect(found).toMatchObject({ available: false, badChecksum: [join(dir, 'yunet_2026may_dynamic.onnx')] });
  });

  it('picks the most preferred pack whose weights are here', async () => {
    const best = await bestAvailablePack([SHARED_MODELS]);
    const preferences = knownPacks().map((p) => p.preference);
    expect(best.manifest.preference).toBeGreaterThanOrEqual(Math.min(...preferences));
    expect(best.manifest.name).toBe(knownPacks()[0]!.name);
  });
});
