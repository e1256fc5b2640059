import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { evaluateLibrary } from '../../src/eval/evaluate-library.js';
import { labelsFromFolders } from '../../src/eval/labelled-folders.js';
import { LibraryExportSchema } from '../../src/interop/json-export-schema.js';
import { bestAvailablePack } from '../../src/models/pack-registry.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset, SHARED_MODELS } from '../support/shared.js';

const DEEPFACE = dataset('small', 'deepface');

describe('facetag scan on small/deepface (end to end, built CLI, real models)', () => {
  const library = tempDir('deepface');
  const env = cliEnv(library);
  let firstScan: ReturnType<typeof runCli>;
  /** The pack a new library picks with the shared models: the default these tests follow. */
  let pack: string;

  beforeAll(async () => {
    pack = (await bestAvailablePack([SHARED_MODELS])).manifest.name;
    firstScan = runCli(['scan', DEEPFACE], env);
  });

  it('analyses every photo and groups the faces into people that match the labels', async () => {
    expect(firstScan.stderr).not.toMatch(/^facetag:/m);
    expect(firstScan.code).toBe(0);
    expect(firstScan.stdout).toMatch(/61 analysed, 0 unchanged, 0 already known, 0 errors/);
    expect(firstScan.stdout).toContain(`with pack ${pack}:`);
    const catalog = await openSqliteCatalog(join(library, 'catalog.sqlite'));
    try {
      const report = await evaluateLibrary(catalog, pack, await labelsFromFolders([DEEPFACE]), { pick: 'largest' });
      expect(report.detectionRate).toBe(1);
      // Measured with the default clustering: precision 1.000, recall 0.957 (F1 0.978, BCubed 0.962) with yunet-scrfd500m-w600k and
      // yunet-w600k, 0.979 with scrfd500m-w600k (docs/accuracy.md).
      expect(report.pairwise.precision).toBeGreaterThanOrEqual(0.99);
      expect(report.pairwise.f1).toBeGreaterThanOrEqual(0.95);
      expect(report.bcubed.f1).toBeGreaterThanOrEqual(0.95);
    } finally {
      await catalog.close();
    }
  });

  it('does no work for unchanged files on a second scan', () => {
    const again = runCli(['scan', DEEPFACE], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 analysed, 61 unchanged/);
    expect(again.stdout).toMatch(/people: 0 new, 0 faces assigned/);
  });

  it('lists people and exports JSON in the documented shape', () => {
    const people = runCli(['people'], env);
    expect(people.code).toBe(0);
    expect(people.stdout.split('\n')[0]).toMatch(/^PERSON\s+NAME\s+FACES\s+PHOTOS\s+SAMPLE/);

    const exported = runCli(['export', '--format', 'json'], env);
    expect(exported.code).toBe(0);
    const library = LibraryExportSchema.parse(JSON.parse(exported.stdout));
    expect(library.version).toBe(1);
    expect(library.photos).toHaveLength(61);
    for (const photo of library.photos) {
      expect(photo.path.startsWith(DEEPFACE)).toBe(true);
      expect(photo.faces.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps names, splits and rejections through a recluster', () => {
    const people = JSON.parse(runCli(['people', '--json'], env).stdout) as { id: string; faces: number }[];
    const [biggest, second] = people;
    expect(biggest!.faces).toBeGreaterThanOrEqual(4);
    expect(runCli(['person', 'name', biggest!.id, 'Alice'], env).code).toBe(0);
    expect(runCli(['person', 'name', second!.id, 'Alice'], env).stderr).toMatch(/already/);

    const shown = runCli(['person', 'show', 'Alice'], env).stdout;
    const faceIds = [...shown.matchAll(new RegExp(`^(\\S+\\.${pack.replaceAll('.', '\\.')}\\.\\d+)\\s`, 'gm'))].map((m) => m[1]!);
    expect(faceIds.length).toBe(biggest!.faces);
    const split = runCli(['person', 'split', 'Alice', faceIds[0]!], env);
    expect(split.code).toBe(0);
    const splitId = /new person (p\d+)/.exec(split.stdout)![1]!;
    expect(runCli(['person', 'not', 'Alice', faceIds[1]!], env).code).toBe(0);

    expect(runCli(['recluster'], env).code).toBe(0);

    const after = JSON.parse(runCli(['people', '--json'], env).stdout) as { id: string; name: string | null; faces: number }[];
    const alice = after.find((p) => p.name === 'Alice');
    expect(alice?.id).toBe(biggest!.id);
    const aliceFaces = runCli(['person', 'show', 'Alice'], env).stdout;
    expect(aliceFaces).not.toContain(faceIds[0]!);
    expect(aliceFaces).not.toContain(faceIds[1]!);
    expect(runCli(['person', 'show', splitId], env).stdout).toContain(faceIds[0]!);
  });

  it('finds photos by the people in them', () => {
    const photos = runCli(['photos', '--person', 'Alice'], env);
    expect(photos.code).toBe(0);
    expect(photos.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2);
    expect(runCli(['photos', '--person', 'Nobody'], env).stderr).toMatch(/no person "Nobody"/);
  });
});
