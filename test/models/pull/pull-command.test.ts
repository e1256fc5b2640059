import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../../support/cli.js';
import { SHARED_MODELS } from '../../support/shared.js';

// Only packs whose files are already here or that have no download address: these tests never reach the internet.
describe('facetag models pull (built CLI)', () => {
  it('reports files already present and downloads nothing', () => {
    const library = tempDir('pull-present');
    const result = runCli(['models', 'pull', 'yunet-w600k'], cliEnv(library, { XDG_DATA_HOME: tempDir('xdg') }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`pulling yunet-w600k into ${join(library, 'models')}`);
    expect(result.stdout).toContain(`w600k_mbf_int8.onnx: already present at ${join(SHARED_MODELS, 'w600k_mbf_int8.onnx')}`);
  });

  it('says which files must be copied by hand when a pack has no download address', () => {
    const library = tempDir('pull-no-url');
    const result = runCli(['models', 'pull', 'scrfd-w600k'], cliEnv(library, { FACETAG_MODELS_PATH: tempDir('no-models'), XDG_DATA_HOME: tempDir('xdg') }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no download address for scrfd_2\.5g_kps\.onnx \(sha256 041f73f4[0-9a-f]+\), w600k_mbf_int8\.onnx/);
    expect(result.stderr).toContain(join(library, 'models', 'scrfd-w600k'));
  });

  it('refuses an unknown pack name', () => {
    const result = runCli(['models', 'pull', 'no-such-pack'], cliEnv(tempDir('pull-unknown')));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown model pack "no-such-pack"/);
  });
});
