import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../support/cli.js';
import { dataset, REPO_ROOT } from '../support/shared.js';
import { scannedLibraryCopy } from '../server/support/scanned-library.js';

/**
 * facetag used as another project would: a project folder whose node_modules/facetag is this package (a symlink, as
 * `npm link` or a workspace makes it), importing the package name. Only the package's "exports" can be reached.
 */
let project: string;

beforeAll(() => {
  project = tempDir('api-consumer');
  mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
  symlinkSync(REPO_ROOT, join(project, 'node_modules', 'facetag'), 'dir');
  // For the type check only: the consumer's own @types/node, as its package.json would install.
  symlinkSync(join(REPO_ROOT, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
});

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv): { code: number | null; stdout: string; stderr: string } {
  const file = join(project, script);
  const result = spawnSync(process.execPath, [file, ...args], { cwd: project, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CONSUMER = `
import { readFile } from 'node:fs/promises';
import { FacetagLibrary, ImageRejectedError, openLibrary } from 'facetag';

const [library, groupPhoto, personPhoto] = process.argv.slice(2);
const lib = await openLibrary({ library });
const out = { isLibrary: lib instanceof FacetagLibrary };
try {
  const detected = await lib.detect(await readFile(groupPhoto));
  out.detect = { faces: detected.faces.length, landmarks: detected.faces.map((f) => f.landmarks.length), pack: detected.pack };
  const recognized = await lib.recognize(await readFile(personPhoto));
  out.match = recognized.faces.map((f) => f.match);
  const people = await lib.people({ limit: 500 });
  out.people = { total: people.total, ids: people.items.map((p) => p.id) };
  const matched = out.match[0]?.personId;
  if (matched) {
    const person = await lib.person(matched);
    out.person = await person.info();
    await person.rename('Test Person One');
    out.renamedMatch = (await lib.recognize(await readFile(personPhoto))).faces[0]?.match;
  }
  try {
    await lib.detect(new TextEncoder().encode('<html>not a photo</html>'));
    out.rejected = 'not rejected';
  } catch (err) {
    out.rejected = err instanceof ImageRejectedError ? err.problem.kind : String(err);
  }
} finally {
  await lib.close();
}
console.log(JSON.stringify(out));
`;

/** A new library: scan a folder through the API, then recognise one of its people on the same (shared) pool. */
const SCANNING_CONSUMER = `
import { readFile } from 'node:fs/promises';
import { openLibrary } from 'facetag';

const [library, folder, photo] = process.argv.slice(2);
const lib = await openLibrary({ library });
try {
  const pool = await lib.pool();
  const scanned = await lib.scan([folder]);
  const recognized = await lib.recognize(await readFile(photo));
  const people = await lib.people();
  console.log(JSON.stringify({
    scanned: { analysed: scanned.analysed, newPeople: scanned.clustering?.newPeople, pack: scanned.pack },
    samePool: (await lib.pool()) === pool,
    match: recognized.faces.map((f) => f.match?.personId ?? null),
    people: people.items.map((p) => ({ id: p.id, faces: p.faces })),
  }));
} finally {
  await lib.close();
}
`;

const TYPED_CONSUMER = `
import { openLibrary, type DetectResult, type PersonMatch, type RecognizeResult } from 'facetag';

export async function firstMatch(bytes: Uint8Array): Promise<PersonMatch | null> {
  const lib = await openLibrary({ library: '/tmp/somewhere' });
  const detected: DetectResult = await lib.detect(bytes);
  const x: number = detected.faces[0]!.box.x;
  const recognized: RecognizeResult = await lib.recognize(bytes);
  // @ts-expect-error a path is not image bytes: the declarations are real types, not any
  await lib.detect('photo.jpg');
  await lib.close();
  return x >= 0 ? (recognized.faces[0]?.match ?? null) : null;
}
`;

describe('the package API, imported by name from another project', () => {
  it('openLibrary → detect → recognize → people → person → close, from a plain .mjs script', () => {
    writeFileSync(join(project, 'consumer.mjs'), CONSUMER);
    const library = scannedLibraryCopy('deepface', dataset('small', 'deepface'));
    const personPhoto = dataset('small', 'deepface', 'person01', 'img1.jpg');
    const run = runNode('consumer.mjs', [library, dataset('groups', 'faceapijs_bbt4.jpg'), personPhoto], cliEnv(library));
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      isLibrary: boolean;
      detect: { faces: number; landmarks: number[]; pack: string };
      match: ({ personId: string; personName: string | null; similarity: number } | null)[];
      people: { total: number; ids: string[] };
      person: { id: string; faces: number };
      renamedMatch: { personId: string; personName: string | null };
      rejected: string;
    };
    expect(out.isLibrary).toBe(true);
    expect(out.detect.faces).toBeGreaterThanOrEqual(5);
    expect(out.detect.landmarks.every((n) => n === 5)).toBe(true);
    expect(out.detect.pack).toBe('yunet-scrfd500m-w600k');
    expect(out.match).toHaveLength(1);
    const matched = out.match[0]!.personId;
    expect(out.people.total).toBeGreaterThanOrEqual(5);
    expect(out.people.ids).toContain(matched);
    expect(out.person).toMatchObject({ id: matched });
    expect(out.person.faces).toBeGreaterThanOrEqual(2);
    expect(out.renamedMatch).toMatchObject({ personId: matched, personName: 'Test Person One' });
    expect(out.rejected).toBe('not-an-image');
  });

  it('scans a folder into a new library through lib.scan, then recognises its person on the same pool', () => {
    writeFileSync(join(project, 'scanning.mjs'), SCANNING_CONSUMER);
    const library = tempDir('api-scan-library');
    const folder = dataset('small', 'deepface', 'person01');
    const run = runNode('scanning.mjs', [library, folder, dataset('small', 'deepface', 'person01', 'img1.jpg')], cliEnv(library));
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      scanned: { analysed: number; newPeople: number; pack: string };
      samePool: boolean;
      match: (string | null)[];
      people: { id: string; faces: number }[];
    };
    expect(out.scanned).toMatchObject({ analysed: 8, pack: 'yunet-scrfd500m-w600k' });
    expect(out.samePool).toBe(true);
    expect(out.people.length).toBeGreaterThanOrEqual(1);
    // The person holding most of the folder's faces is the one the photo is recognised as.
    const biggest = [...out.people].sort((a, b) => b.faces - a.faces)[0]!;
    expect(biggest.faces).toBeGreaterThanOrEqual(5);
    expect(out.match).toEqual([biggest.id]);
  });

  it('only the exported entry point is reachable, and it carries type declarations a TypeScript project can check', () => {
    writeFileSync(join(project, 'deep.mjs'), "import('facetag/dist/src/cli/main.js').then(() => console.log('reached'), (e) => console.log(e.code));");
    const deep = runNode('deep.mjs', [], process.env);
    expect(deep.stdout.trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');

    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { types: string; exports: { '.': { types: string; import: string } } };
    expect(pkg.exports['.'].types).toBe(pkg.types);
    writeFileSync(join(project, 'consumer.ts'), TYPED_CONSUMER);
    const tsc = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', 'consumer.ts'],
      { cwd: project, encoding: 'utf8' },
    );
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  });
});
