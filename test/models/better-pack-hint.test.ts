import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { betterPackHint } from '../../src/models/better-pack-hint.js';
import { packFiles } from '../../src/models/pack-manifest.js';
import { knownPacks } from '../../src/models/pack-registry.js';
import { SHARED_MODELS } from '../support/shared.js';

describe('the first-scan hint', () => {
  it('on builtin names the pull of the recommended pack, its size from the manifest and its licence', () => {
    const recommended = knownPacks()[0]!;
    const bytes = packFiles(recommended).reduce((sum, f) => sum + statSync(join(SHARED_MODELS, f.file)).size, 0);
    expect(recommended.name).not.toBe('builtin');
    expect(betterPackHint('builtin')).toBe(`for better accuracy: facetag models pull (downloads ${Math.round(bytes / 1e6)} MB, non-commercial licence)`);
    expect(betterPackHint('builtin')).toContain('downloads 6 MB');
  });

  it('is silent on a downloaded pack, the recommended one or another', () => {
    expect(betterPackHint(knownPacks()[0]!.name)).toBeUndefined();
    expect(betterPackHint('yunet-paddle128')).toBeUndefined();
  });

  it('refuses a pack name it does not know', () => {
    expect(() => betterPackHint('no-such-pack')).toThrow(/unknown model pack/);
  });
});
