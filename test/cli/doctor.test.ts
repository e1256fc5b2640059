import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { freePort, redisUrl } from '../queue/queue-test-support.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';

const lines = (stdout: string): string[] => stdout.trim().split('\n');

describe('facetag doctor', () => {
  const library = scannedLibraryCopy('deepface', dataset('small', 'deepface'));

  it('passes on a working setup: Node, native modules, the library pack weights, the queue', () => {
    const out = runCli(['doctor', '--queue', redisUrl()], cliEnv(library));
    expect(out.code, out.stdout + out.stderr).toBe(0);
    const printed = lines(out.stdout);
    expect(printed.at(-1)).toBe('all checks passed');
    for (const line of printed.slice(0, -1)) expect(line).toMatch(/^ok {3}/);
    for (const part of ['Node.js version', 'native module better-sqlite3 + sqlite-vec', 'native module usearch', 'native module sharp', 'native module onnxruntime-node', 'queue (Redis)', 'catalog']) {
      expect(printed.some((l) => l.startsWith(`ok   ${part}:`)), part).toBe(true);
    }
    expect(out.stdout).toContain("ok   model pack yunet-scrfd500m-w600k (the library's): weights found, checksums right");
    expect(out.stdout).toMatch(/ok {3}other model packs: .*builtin installed/);
  });

  it('fails with exit 1 and says what to do when FACETAG_MODELS_PATH points nowhere', () => {
    const nowhere = `${tempDir('doctor')}/no-such-folder`;
    const out = runCli(['doctor'], cliEnv(library, { FACETAG_MODELS_PATH: nowhere }));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`FAIL model folder: ${nowhere} (from FACETAG_MODELS_PATH) does not exist -- to fix: point FACETAG_MODELS_PATH`);
    expect(out.stdout).toMatch(/FAIL model pack yunet-scrfd500m-w600k \(the library's\): missing .*\.onnx.* -- to fix: facetag models pull yunet-scrfd500m-w600k/);
    expect(lines(out.stdout).at(-1)).toBe('2 checks failed');
  });

  it('fails with exit 1 naming an unreachable graph, without its password', async () => {
    const port = await freePort();
    const out = runCli(['doctor', '--graph', `bolt://neo4j:doctor-secret@127.0.0.1:${port}`], cliEnv(library));
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`FAIL graph \\(Neo4j\\): .*bolt://127\\.0\\.0\\.1:${port}.*connection refused.* -- to fix: start Neo4j there`));
    expect(out.stdout).not.toContain('doctor-secret');
    expect(lines(out.stdout).at(-1)).toBe('1 check failed');
  });
});
