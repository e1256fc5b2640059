import { cpSync } from 'node:fs';
import { expect } from 'vitest';
import { LibraryExportSchema, type LibraryExport } from '../../src/interop/json-export-schema.js';
import { runCli, tempDir, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';

/*
 * What the import CLI tests share: copies of data set photos (export writes sidecars beside them, and nothing is
 * ever written into the shared data sets), the CLI run expecting success, and the summary line read back.
 */

/** Names as people type them: quotes, apostrophes, accents, other scripts, a semicolon. Kept exactly, they come back exactly. */
export const NAMES = ['Ann Lee', `O'Brien "Bob"`, 'Zoë Çelik', '山田 太郎', 'Émile-Jean', 'Dr. Ünal; -- x'];

/** small/deepface's photos (the person folders, no CSV) copied into a temp folder. */
export function copyOfDeepface(): string {
  const dir = tempDir('import-photos');
  cpSync(dataset('small', 'deepface'), dir, { recursive: true, filter: (src) => !src.endsWith('.csv') });
  return dir;
}

export function ok(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const result = runCli(args, env);
  expect(result.code, `facetag ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

export function exportOf(env: NodeJS.ProcessEnv): LibraryExport {
  return LibraryExportSchema.parse(JSON.parse(ok(['export', '--format', 'json'], env).stdout));
}

export interface PersonRow {
  id: string;
  name: string | null;
  faces: number;
}

export function peopleOf(env: NodeJS.ProcessEnv): PersonRow[] {
  return JSON.parse(ok(['people', '--all', '--json'], env).stdout) as PersonRow[];
}

/** The summary line `facetag import` ends with: read as the round-trip benchmark reads it. */
export { importSummary as summaryOf, type ImportSummary } from '../../bench/import/timed-cli.js';

/** Each face by photo and detection order, with its box and the name of its person. */
export function facesOf(library: LibraryExport): Map<string, { box: { x: number; y: number; w: number; h: number }; name: string | null }> {
  const faces = new Map<string, { box: { x: number; y: number; w: number; h: number }; name: string | null }>();
  for (const photo of library.photos) photo.faces.forEach((face, i) => faces.set(`${photo.path}#${i}`, { box: face.box, name: face.personName }));
  return faces;
}

/**
 * Names the people with the most faces in the first library (`env`, scanned), exports its XMP sidecars beside the
 * photos, and answers the library's faces afterwards.
 */
export function nameAndExport(env: NodeJS.ProcessEnv): LibraryExport {
  const people = peopleOf(env).filter((p) => p.name === null).sort((a, b) => b.faces - a.faces);
  expect(people.length).toBeGreaterThanOrEqual(NAMES.length);
  NAMES.forEach((name, i) => ok(['person', 'name', people[i]!.id, name], env));
  const exported = ok(['export', '--format', 'xmp'], env);
  expect(exported.stdout).toMatch(/^\d+ sidecars written, \d+ photos without faces to write, 0 errors$/m);
  return exportOf(env);
}

/**
 * The second library (scanned from the same photo copies) after the import has every face of the first at the
 * same place, under the same name, and no other face named.
 */
export function expectSameNames(first: LibraryExport, second: LibraryExport): void {
  const before = facesOf(first);
  const after = facesOf(second);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [key, face] of before) {
    const other = after.get(key)!;
    for (const side of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(other.box[side] - face.box[side]), `${key} ${side}`).toBeLessThan(0.5);
    expect(other.name, key).toBe(face.name);
  }
}

export function namedFaces(library: LibraryExport): number {
  return library.photos.reduce((sum, photo) => sum + photo.faces.filter((face) => face.personName !== null).length, 0);
}

export function allFaces(library: LibraryExport): number {
  return library.photos.reduce((sum, photo) => sum + photo.faces.length, 0);
}
