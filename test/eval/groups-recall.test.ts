import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset, REPO_ROOT } from '../support/shared.js';

/**
 * Issue 3: every clearly visible face (>= 24 px) in groups/ is detected.
 *
 * test/fixtures/groups-faces.json holds, for each of the 24 photos, the faces found BY EYE (see its "about"):
 * the required faces, the false positives the audited scan made, and real faces that need not be found (tiny,
 * mostly hidden, facing away, on a screen). This scans groups/ with the default pack and checks the detections
 * against it.
 *
 * A detection and a fixture box are the same face when each one's centre lies inside the other. That does not
 * depend on the box convention (YuNet's boxes start at the brows and are taller than wide, other detectors include
 * the forehead; a face cut by the frame gets a long thin box) nor on the roughness of a box drawn by hand, and a
 * box around a neighbouring face cannot satisfy it: two faces side by side do not hold each other's centres.
 * The assignment is one to one, so a second box on the same face counts as a false positive.
 */

const BoxSchema = z.object({ x: z.int().nonnegative(), y: z.int().nonnegative(), w: z.int().positive(), h: z.int().positive() });
type Box = z.infer<typeof BoxSchema>;

const FixtureSchema = z.object({
  about: z.array(z.string()).min(1),
  pack: z.string().min(1),
  minFaceSize: z.int().positive(),
  photos: z.record(
    z.string(),
    z.object({
      size: z.object({ w: z.int().positive(), h: z.int().positive() }),
      faces: z.array(BoxSchema),
      falsePositives: z.array(BoxSchema.extend({ what: z.string().min(1) })),
      notRequired: z.array(BoxSchema.extend({ reason: z.string().min(1), detected: z.boolean() })),
      note: z.string(),
    }),
  ),
});

const FIXTURE = FixtureSchema.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'groups-faces.json'), 'utf8')));
const GROUPS = dataset('groups');

const centre = (b: Box): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];
const holds = (b: Box, [x, y]: [number, number]): boolean => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
const sameFace = (a: Box, b: Box): boolean => holds(a, centre(b)) && holds(b, centre(a));
const show = (b: Box): string => `{x: ${b.x}, y: ${b.y}, w: ${b.w}, h: ${b.h}}`;

/** Pairs fixture boxes with detections (nearest centres first, each used once); returns the detections left over. */
function assign(expected: Box[], detections: Box[]): { found: (Box | undefined)[]; left: Box[] } {
  const pairs: [number, number, number][] = [];
  expected.forEach((e, i) =>
    detections.forEach((d, j) => {
      if (sameFace(e, d)) pairs.push([Math.hypot(centre(e)[0] - centre(d)[0], centre(e)[1] - centre(d)[1]), i, j]);
    }),
  );
  pairs.sort((a, b) => a[0] - b[0]);
  const found: (Box | undefined)[] = expected.map(() => undefined);
  const used = new Set<number>();
  for (const [, i, j] of pairs) {
    if (found[i] || used.has(j)) continue;
    found[i] = detections[j];
    used.add(j);
  }
  return { found, left: detections.filter((_, j) => !used.has(j)) };
}

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
    const missed: string[] = [];
    let required = 0;
    for (const [file, photo] of Object.entries(FIXTURE.photos)) {
      const { found } = assign(photo.faces, detectionsIn(file));
      photo.faces.forEach((face, i) => {
        if (!found[i]) missed.push(`${file}: ${show(face)}`);
      });
      required += photo.faces.length;
    }
    // The audit found 156; a fixture that lost faces would make this test easier to pass.
    expect(required).toBe(156);
    expect(missed, `faces missed by pack ${pack} (fixture audited with ${FIXTURE.pack})`).toEqual([]);
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
