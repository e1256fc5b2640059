import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packFiles } from '../../src/models/pack-manifest.js';
import { bestAvailablePack, findPack, knownPacks, locatePack } from '../../src/models/pack-registry.js';
import { dataset, SHARED_MODELS } from '../support/shared.js';

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

describe('pack manifests', () => {
  it('record pair calibrations on the exact shared data they name (path and sha256), with a command that reproduces them', async () => {
    const calibrated = knownPacks().filter((p) => p.calibration.verification);
    expect(calibrated.length).toBeGreaterThanOrEqual(3);
    for (const pack of calibrated) {
      const v = pack.calibration.verification!;
      expect(createHash('sha256').update(readFileSync(dataset(...v.pairs.split('/')))).digest('hex'), pack.name).toBe(v.pairsSha256);
      expect(v.command, pack.name).toMatch(new RegExp(`^facetag eval .*--pairs \\S*${v.pairs.replaceAll('.', '\\.')}.* --pack ${pack.name}\\b`));
      expect(v.crossValidatedAccuracy, pack.name).toBeLessThanOrEqual(v.accuracyAtThreshold);
    }
  });

  it('include the landmark detector among the files of a pack that has one, and find it in the shared models', async () => {
    const pack = findPack('yunet-scrfd500m-w600k');
    expect(packFiles(pack).map((f) => f.file)).toEqual(['yunet_2026may_dynamic.onnx', 'scrfd_500m_kps.onnx', 'w600k_mbf_int8.onnx']);
    const found = await locatePack(pack, [SHARED_MODELS]);
    expect(found.available).toBe(true);
  });
  it('name, for every weights file of every pack but builtin, pinned https sources, its size and its licence', () => {
    const downloadable = knownPacks().filter((p) => p.name !== 'builtin');
    expect(downloadable.length).toBeGreaterThanOrEqual(5);
    for (const pack of downloadable) {
      const files = packFiles(pack);
      expect(files.length, pack.name).toBeGreaterThanOrEqual(2);
      for (const file of files) {
        const where = `${pack.name}/${file.file}`;
        expect(file.sources.length, where).toBeGreaterThanOrEqual(1);
        // Pinned: a raw-file address at a full 40-digit commit id, which cannot serve other bytes later.
        for (const url of file.sources) expect(url, where).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\/\S+$/);
        expect(file.licence?.terms, where).toBeTruthy();
        // The shared copy has the pinned sha256 (see the registry tests), so its size is the download's size.
        expect(file.bytes, where).toBe(statSync(join(SHARED_MODELS, file.file)).size);
      }
    }
    expect(packFiles(findPack('builtin'))).toEqual([]);
  });

  it('mark the InsightFace-trained weights as not for commercial use', () => {
    for (const pack of knownPacks()) {
      for (const file of packFiles(pack)) {
        if (/scrfd|w600k/.test(file.file)) expect(file.licence?.commercialUse, `${pack.name}/${file.file}`).toBe(false);
      }
    }
  });
});
