import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignDetections as assign, readFaceAudit, sameFace, scoreAgainstAudit } from '../../src/eval/face-audit.js';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset, REPO_ROOT } from '../support/shared.js';

/**
 * Issue 3: every clearly visible face (>= 24 px) in groups/ is detected.
 *
 * test/fixtures/groups-faces.json holds, for each of the 24 photos, the faces found BY EYE (see its "about"):
 * the required faces, the false positives the audited scan made, and real faces that need not be found (tiny,
 * mostly hidden, facing away, on a screen). This scans groups/ with the default pack and checks the detections
 * against it, matched as src/eval/face-audit.ts says (each box holds the other's centre, one to one).
 */

type Box = { x: number; y: number; w: number; h: number };

const FIXTURE = readFaceAudit(join(REPO_ROOT, 'test', 'fixtures', 'groups-faces.json'));
const GROUPS = dataset('groups');

const show = (b: Box): string => `{x: ${b.x}, y: ${b.y}, w: ${b.w}, h: ${b.h}}`;

describe('groups/: every clearly visible face of at least 24 px is found (built CLI, default pack, real models)', () => {
  let library: LibraryExport;
  let pack: string;

  beforeAll(() => {
    const env = cliEnv(tempDir('groups-recall'));
    const scan = runCli(['scan', GROUPS], env);
    expect(scan.stderr).not.toMatch(/^facetag:/m);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/24 analysed, 0 unchanged, 0 already known, 0 errors/);
    pack = /with pack (\S+):/.exec(scan.stdout)?.[1] ?? '?';
    const exported = runCli(['export', '--format', 'json'], env);
    expect(exported.code).toBe(0);
    library = LibraryExportSchema.parse(JSON.parse(exported.stdout));
  });

  function detectionsIn(file: string): Box[] {
    const photo = library.photos.find((p) => p.path === join(GROUPS, file));
    if (!photo) throw new Error(`${file} is not in the library`);
    expect({ w: photo.width, h: photo.height }, `${file}: upright size`).toEqual(FIXTURE.photos[file]!.size);
    return photo.faces.map((f) => f.box);
  }

  it('has an audit of every photo in groups/, with unambiguous boxes', () => {
    expect(Object.keys(FIXTURE.photos).sort()).toEqual(readdirSync(GROUPS).sort());
    for (const [file, photo] of Object.entries(FIXTURE.photos)) {
      for (const face of photo.faces) expect(Math.min(face.w, face.h), `${file}: required face ${show(face)}`).toBeGreaterThanOrEqual(FIXTURE.minFaceSize);
      const all = [...photo.faces, ...photo.notRequired, ...photo.falsePositives];
      all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(sameFace(a, b), `${file}: ${show(a)} and ${show(b)} are one face`).toBe(false)));
    }
  });

  it('finds every required face', () => {
    const detections = new Map(Object.keys(FIXTURE.photos).map((file) => [file, detectionsIn(file)] as const));
    const score = scoreAgainstAudit(FIXTURE, detections);
    // The audit found 156; a fixture that lost faces would make this test easier to pass.
    expect(score.required).toBe(156);
    expect(score.missed, `faces missed by pack ${pack} (fixture audited with ${FIXTURE.pack})`).toEqual([]);
    expect(score.found).toBe(156);
  });

  it('makes no more false positives in any photo than the audit counted', () => {
    const over: string[] = [];
    let falsePositives = 0;
    for (const [file, photo] of Object.entries(FIXTURE.photos)) {
      const detections = detectionsIn(file);
      const { left } = assign(photo.faces, detections);
      // Faces that need not be found are not false positives when they are.
      const stray = assign(photo.notRequired, left).left;
      falsePositives += stray.length;
      if (stray.length > photo.falsePositives.length) {
        over.push(`${file}: ${stray.length} boxes on no face, the audit counted ${photo.falsePositives.length}: ${stray.map(show).join(' ')}`);
      }
    }
    expect(over, `false positives of pack ${pack} (fixture audited with ${FIXTURE.pack})`).toEqual([]);
    expect(falsePositives).toBeLessThanOrEqual(Object.values(FIXTURE.photos).reduce((n, photo) => n + photo.falsePositives.length, 0));
  });
});
