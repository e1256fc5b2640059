import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../../src/models/file-checksum.js';
import { cliEnv, runCli, runCliAsync, tempDir } from '../../support/cli.js';
import { SHARED_MODELS } from '../../support/shared.js';
import type { FileServer } from './file-server.js';
import { startSharedModelsServer } from './shared-models-server.js';

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Packs whose files are already here, or downloads from a local mirror: these tests never reach the internet.
describe('facetag models pull (built CLI)', () => {
  it('reports files already present and downloads nothing', () => {
    const library = tempDir('pull-present');
    const result = runCli(['models', 'pull', 'yunet-w600k'], cliEnv(library, { XDG_DATA_HOME: tempDir('xdg') }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`pulling yunet-w600k into ${join(library, 'models')}`);
    expect(result.stdout).toContain(`w600k_mbf_int8.onnx: already present at ${join(SHARED_MODELS, 'w600k_mbf_int8.onnx')}`);
  });

  it('downloads a pack from the mirror in FACETAG_MODELS_MIRROR and verifies it', async () => {
    server = await startSharedModelsServer();
    const library = tempDir('pull-mirror');
    const env = cliEnv(library, { FACETAG_MODELS_PATH: tempDir('no-models'), FACETAG_MODELS_MIRROR: server.url('/models'), XDG_DATA_HOME: tempDir('xdg') });
    const result = await runCliAsync(['models', 'pull', 'scrfd-w600k', '--accept-licence'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server.requests.map((r) => r.path)).toEqual(['/models/scrfd_2.5g_kps.onnx', '/models/w600k_mbf_int8.onnx']);
    for (const file of ['scrfd_2.5g_kps.onnx', 'w600k_mbf_int8.onnx']) {
      expect(await sha256OfFile(join(library, 'models', 'scrfd-w600k', file))).toBe(await sha256OfFile(join(SHARED_MODELS, file)));
    }
  });

  it('refuses an unknown pack name', () => {
    const result = runCli(['models', 'pull', 'no-such-pack'], cliEnv(tempDir('pull-unknown')));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown model pack "no-such-pack"/);
  });
});

describe('facetag models pull without a pack name (built CLI, local mirror)', () => {
  const recommended = 'yunet-scrfd500m-w600k';
  const files = ['yunet_2026may_dynamic.onnx', 'scrfd_500m_kps.onnx', 'w600k_mbf_int8.onnx'];
  const pullEnv = (library: string, mirror: string) =>
    cliEnv(library, { FACETAG_MODELS_PATH: tempDir('no-models'), FACETAG_MODELS_MIRROR: mirror, XDG_DATA_HOME: tempDir('xdg') });

  it('prints the licences and refuses non-commercial ones without --accept-licence, downloading nothing', async () => {
    server = await startSharedModelsServer();
    const library = tempDir('pull-refused');
    const result = await runCliAsync(['models', 'pull'], pullEnv(library, server.url('/models')));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(`pulling ${recommended} (recommended)`);
    expect(result.stdout).toMatch(/yunet_2026may_dynamic\.onnx \(0\.2 MB\): MIT/);
    expect(result.stdout).toMatch(/w600k_mbf_int8\.onnx \(3\.5 MB\): InsightFace: non-commercial research only/);
    expect(result.stderr).toMatch(/scrfd_500m_kps\.onnx, w600k_mbf_int8\.onnx are not licensed for commercial use; nothing was downloaded.*--accept-licence/);
    expect(server.requests).toEqual([]);
  });

  it('downloads the recommended pack with --accept-licence, resuming a broken transfer, and names the pack the library will use', async () => {
    // Every file's first transfer breaks half way: the retry must continue it with a Range request.
    server = await startSharedModelsServer({ cutAfter: 100_000, cutTimes: 1 });
    const library = tempDir('pull-recommended');
    const result = await runCliAsync(['models', 'pull', '--accept-licence'], pullEnv(library, server.url('/models')));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const file of files) {
      const ranges = server.requests.filter((r) => r.path === `/models/${file}`).map((r) => r.headers.range);
      expect(ranges, file).toEqual([undefined, 'bytes=100000-']);
      expect(await sha256OfFile(join(library, 'models', recommended, file))).toBe(await sha256OfFile(join(SHARED_MODELS, file)));
      expect(result.stdout).toMatch(new RegExp(`${file.replaceAll('.', '\\.')}: downloaded \\d+\\.\\d MB at \\d+\\.\\d MB/s, sha256 verified`));
    }
    expect(result.stdout).toContain('resuming');
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`library ${library} will use ${recommended} on its first scan`);
  });
});
