import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describePackDownload, packDownload } from '../../src/models/pack-download.js';
import { packFiles } from '../../src/models/pack-manifest.js';
import { findPack } from '../../src/models/pack-registry.js';
import { SHARED_MODELS } from '../support/shared.js';

describe('what getting a pack takes', () => {
  it('is nothing for builtin', () => {
    expect(packDownload(findPack('builtin'))).toEqual({ kind: 'built-in' });
  });

  it('is a pull of the sum of its files, flagged when a licence restricts commercial use', () => {
    const pack = findPack('yunet-scrfd500m-w600k');
    const bytes = packFiles(pack).reduce((sum, f) => sum + statSync(join(SHARED_MODELS, f.file)).size, 0);
    expect(packDownload(pack)).toEqual({ kind: 'pull', bytes, restrictedLicence: true });
    expect(describePackDownload(packDownload(pack))).toBe(`facetag models pull: ${Math.round(bytes / 1e6)} MB, needs --accept-licence`);
  });

  it('names the files no source serves', () => {
    const pack = findPack('yunet-w600k');
    const withoutSource = { ...pack, embedder: { ...pack.embedder, sources: [] } } as typeof pack;
    expect(packDownload(withoutSource)).toEqual({ kind: 'no-source', files: ['w600k_mbf_int8.onnx'] });
    expect(describePackDownload(packDownload(withoutSource))).toBe('no source for w600k_mbf_int8.onnx: copy by hand');
  });
});
