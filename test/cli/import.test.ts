import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LibraryExport } from '../../src/interop/json-export-schema.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { xmpPacket } from '../interop/import/xmp-text.js';
import {
  NAMES, allFaces, copyOfDeepface, expectSameNames, exportOf, nameAndExport, namedFaces, ok, peopleOf, summaryOf,
} from './import-round-trip.js';

/*
 * `facetag import` end to end, with the real models and exiftool, on copies of small/deepface photos: the round trip
 * through facetag's own XMP export into a fresh library, a dry run, a second run, regions without a face, a broken
 * sidecar, conflicts with the user's decisions, and a path that holds no photo of the library.
 */

describe('facetag import: round trip through export --format xmp', () => {
  let photos: string;
  let first: LibraryExport;
  let secondEnv: NodeJS.ProcessEnv;

  beforeAll(() => {
    photos = copyOfDeepface();
    const firstEnv = cliEnv(tempDir('import-first'));
    ok(['scan', photos], firstEnv);
    first = nameAndExport(firstEnv);
    secondEnv = cliEnv(tempDir('import-second'));
    ok(['scan', photos], secondEnv);
  });

  it('a dry run prints what it would do and changes nothing', () => {
    const before = peopleOf(secondEnv);
    const dry = ok(['import', photos, '--dry-run'], secondEnv);
    const would = dry.stdout.split('\n').filter((line) => line.startsWith('would: '));
    // One line per name, each a name the first library gave.
    expect(would).toHaveLength(NAMES.length);
    for (const name of NAMES) expect(would.filter((line) => line.includes(`"${name}"`))).toHaveLength(1);
    expect(dry.stdout).toContain('(dry run: nothing changed)');
    expect(peopleOf(secondEnv)).toEqual(before);
    expect(before.every((p) => p.name === null)).toBe(true);
  });

  it('names every face the first library named, on the face with the same box, under the same name', () => {
    const run = ok(['import', photos], secondEnv);
    const summary = summaryOf(run.stdout);
    console.log(`small/deepface round trip: ${summary.read} named regions read, ${summary.matched} matched, ${summary.unmatched} unmatched, ` +
      `${summary.conflicts} conflicts (${summary.unnamed} unnamed regions, ${summary.named} people named, ${summary.created} created)`);
    expect(run.stdout).not.toMatch(/^(no face|conflict|would): /m);
    expect(summary.read).toBe(namedFaces(first));
    expect(summary.matched).toBe(summary.read);
    expect(summary.unnamed).toBe(allFaces(first) - namedFaces(first));
    expect([summary.unmatched, summary.conflicts, summary.alreadyNamed]).toEqual([0, 0, 0]);
    expect(summary.facesNamed).toBe(summary.read);
    expect(summary.named + summary.created).toBe(NAMES.length);

    const second = exportOf(secondEnv);
    expectSameNames(first, second);
    expect(peopleOf(secondEnv).map((p) => p.name).filter((n) => n !== null).sort()).toEqual([...NAMES].sort());
  });

  it('a second run changes nothing: every face is already named so', () => {
    const before = peopleOf(secondEnv);
    const again = summaryOf(ok(['import', photos], secondEnv).stdout);
    expect(again.read).toBe(namedFaces(first));
    expect(again.alreadyNamed).toBe(again.read);
    expect([again.created, again.named, again.facesNamed, again.conflicts]).toEqual([0, 0, 0, 0]);
    expect(peopleOf(secondEnv)).toEqual(before);
  });
});

/** A few data set photos (paths below datasets/) copied into a temp folder and scanned into a fresh library. */
function smallLibrary(files: string[]) {
  const dir = tempDir('import-few');
  const paths = files.map((file, i) => {
    const target = join(dir, `photo${i + 1}.jpg`);
    copyFileSync(dataset(...file.split('/')), target);
    return target;
  });
  const env = cliEnv(tempDir('import-few-library'));
  ok(['scan', dir], env);
  const library = exportOf(env);
  /** The photo's faces, largest first, each with the MWG area (centre, size, normalised) that covers it exactly. */
  const facesIn = (photoPath: string) => {
    const photo = library.photos.find((p) => p.path === photoPath)!;
    return [...photo.faces].sort((a, b) => b.box.w * b.box.h - a.box.w * a.box.h).map((face) => {
      const { x, y, w, h } = face.box;
      return { id: face.id, area: { x: (x + w / 2) / photo.width, y: (y + h / 2) / photo.height, w: w / photo.width, h: h / photo.height } };
    });
  };
  const faceOf = (photoPath: string) => facesIn(photoPath)[0]!;
  return { dir, paths, env, faceOf, facesIn };
}

const FEW = ['small/deepface/person01/img1.jpg', 'small/deepface/person03/img8.jpg', 'small/deepface/person04/img13.jpg'];

describe('facetag import: what it lists', () => {
  it('lists a region where no face is as "no face" and counts it unmatched; a broken sidecar is exit 1 naming it, the rest imported', () => {
    const { paths: [a, b, c], dir, env, faceOf } = smallLibrary(FEW) as ReturnType<typeof smallLibrary> & { paths: [string, string, string] };
    // A region in a corner of the first photo, where the scan found no face, and one on its face.
    writeFileSync(`${a}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Nobody Here', x: 0.04, y: 0.04, w: 0.05, h: 0.05 }, { name: 'Ann', ...faceOf(a).area }] } }));
    writeFileSync(`${b}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Lost', ...faceOf(b).area }] } }).replace('</rdf:Bag>', ''));
    // digiKam's People tags: one for the region's name, one for someone tagged on the whole photo only.
    writeFileSync(`${c}.xmp`, xmpPacket({ mp: [{ name: 'Cleo', rectangle: rectangle(faceOf(c).area) }], tagsList: ['People/Cleo', 'People/Grandma Moses'] }));

    const run = runCli(['import', dir], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${b}.xmp`);
    expect(run.stdout).toContain(`no face: ${a}: "Nobody Here"`);
    expect(run.stdout).toContain(`photo only: ${c}: "Grandma Moses" (no region`);
    const summary = summaryOf(run.stdout);
    expect([summary.read, summary.matched, summary.unmatched]).toEqual([3, 2, 1]);
    const named = peopleOf(env).filter((p) => p.name !== null);
    expect(named.map((p) => p.name).sort()).toEqual(['Ann', 'Cleo']);
    const library = exportOf(env);
    const nameOn = (path: string) => library.photos.find((p) => p.path === path)!.faces.find((f) => f.id === faceOf(path).id)!.personName;
    expect([nameOn(a), nameOn(b), nameOn(c)]).toEqual(['Ann', null, 'Cleo']);
  });

  it('a face the user put in another named person is a conflict, skipped; with --overwrite the file wins', () => {
    const { paths: [a, b], dir, env, faceOf } = smallLibrary(FEW) as ReturnType<typeof smallLibrary> & { paths: [string, string, string] };
    // The user's decisions: Bob is the face of the second photo (named from a sidecar), and the face of the first
    // photo is Bob too (moved there by hand).
    writeFileSync(`${b}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Bob', ...faceOf(b).area }] } }));
    expect(summaryOf(ok(['import', dir], env).stdout)).toMatchObject({ read: 1, matched: 1, created: 1, facesNamed: 1 });
    ok(['person', 'move', faceOf(a).id, '--to', 'Bob'], env);
    writeFileSync(`${a}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Ann', ...faceOf(a).area }] } }));
    const nameOn = (faceId: string) => exportOf(env).photos.flatMap((p) => p.faces).find((f) => f.id === faceId)!.personName;
    expect(nameOn(faceOf(a).id)).toBe('Bob');

    const skipped = ok(['import', dir], env);
    expect(skipped.stdout).toMatch(new RegExp(`^conflict: ${escapeRegExp(a)}: .*"Ann".*"Bob".*skipped`, 'm'));
    expect(summaryOf(skipped.stdout)).toMatchObject({ read: 2, matched: 2, conflicts: 1, facesNamed: 0, alreadyNamed: 1 });
    expect(nameOn(faceOf(a).id)).toBe('Bob');
    expect(peopleOf(env).some((p) => p.name === 'Ann')).toBe(false);

    const overwritten = ok(['import', dir, '--overwrite'], env);
    expect(overwritten.stdout).toMatch(new RegExp(`^conflict: ${escapeRegExp(a)}: .*the file wins`, 'm'));
    expect(summaryOf(overwritten.stdout)).toMatchObject({ read: 2, matched: 2, conflicts: 1, facesNamed: 1, alreadyNamed: 1 });
    expect(nameOn(faceOf(a).id)).toBe('Ann');
    // Bob keeps his own face.
    expect(nameOn(faceOf(b).id)).toBe('Bob');
  });

  it('two names on one face are a conflict, skipped unless --overwrite', () => {
    const { paths: [a], dir, env, faceOf } = smallLibrary(FEW) as ReturnType<typeof smallLibrary> & { paths: [string, string, string] };
    const area = faceOf(a).area;
    // The digiKam sidecar calls the face one name, the Lightroom one another.
    writeFileSync(`${a}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Ann', ...area }] } }));
    writeFileSync(a.replace(/\.jpg$/, '.xmp'), xmpPacket({ mwg: { regions: [{ name: 'Dora', ...area }] } }));
    const skipped = ok(['import', dir], env);
    expect(skipped.stdout).toMatch(/^conflict: .*"Ann" and "Dora"/m);
    expect(summaryOf(skipped.stdout)).toMatchObject({ conflicts: 1, facesNamed: 0 });
    expect(peopleOf(env).filter((p) => p.name !== null)).toEqual([]);
    const overwritten = ok(['import', dir, '--overwrite'], env);
    expect(summaryOf(overwritten.stdout)).toMatchObject({ conflicts: 1, facesNamed: 1 });
    expect(peopleOf(env).filter((p) => p.name !== null).map((p) => p.name)).toHaveLength(1);
  });

  it('one name on two faces of one photo is a conflict, skipped unless --overwrite', () => {
    const { paths: [a], dir, env, facesIn } = smallLibrary(['pairs/face_recognition_obama_and_biden.jpg']) as ReturnType<typeof smallLibrary> & { paths: [string] };
    const faces = facesIn(a);
    expect(faces.length).toBeGreaterThanOrEqual(2);
    writeFileSync(`${a}.xmp`, xmpPacket({ mwg: { regions: faces.slice(0, 2).map((f) => ({ name: 'Ann', ...f.area })) } }));
    const skipped = ok(['import', dir], env);
    expect(skipped.stdout).toMatch(new RegExp(`^conflict: ${escapeRegExp(a)}: "Ann" is on 2 faces`, 'm'));
    expect(summaryOf(skipped.stdout)).toMatchObject({ read: 2, matched: 2, conflicts: 1, facesNamed: 0 });
    expect(peopleOf(env).filter((p) => p.name !== null)).toEqual([]);
    const overwritten = ok(['import', dir, '--overwrite'], env);
    expect(summaryOf(overwritten.stdout)).toMatchObject({ read: 2, matched: 2, conflicts: 1, facesNamed: 2 });
    const library = exportOf(env);
    const named = library.photos.flatMap((p) => p.faces).filter((f) => f.personName === 'Ann').map((f) => f.id).sort();
    expect(named).toEqual(faces.slice(0, 2).map((f) => f.id).sort());
  });

  it('a path with no photo of the library is a clear error, exit 1; a photo given by itself is read', () => {
    const { paths: [a, b], env, faceOf } = smallLibrary(FEW.slice(0, 2)) as ReturnType<typeof smallLibrary> & { paths: [string, string] };
    const elsewhere = tempDir('import-elsewhere');
    mkdirSync(join(elsewhere, 'sub'));
    const run = runCli(['import', join(elsewhere, 'sub')], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no photo of the library is at or below ${join(elsewhere, 'sub')}`);
    expect(summaryOf(run.stdout)).toMatchObject({ read: 0, facesNamed: 0 });

    // Only the photo given is read, not its neighbour.
    writeFileSync(`${a}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Ann', ...faceOf(a).area }] } }));
    writeFileSync(`${b}.xmp`, xmpPacket({ mwg: { regions: [{ name: 'Bob', ...faceOf(b).area }] } }));
    const one = ok(['import', a], env);
    expect(summaryOf(one.stdout)).toMatchObject({ read: 1, matched: 1, facesNamed: 1 });
    expect(peopleOf(env).map((p) => p.name).filter((n) => n !== null)).toEqual(['Ann']);
  });

  it('keeps names exactly as written, in either form', () => {
    const { paths: [a, b, c], dir, env, faceOf } = smallLibrary(FEW) as ReturnType<typeof smallLibrary> & { paths: [string, string, string] };
    // The third looks like a number to exiftool's JSON.
    const [mwgName, mpName, numberLike] = [`O'Brien "Bob" & <Zoë>`, '山田 太郎 — Ünal', '1.50'];
    writeFileSync(`${a}.xmp`, xmpPacket({ mwg: { regions: [{ name: mwgName, ...faceOf(a).area }] } }));
    writeFileSync(`${b}.xmp`, xmpPacket({ mp: [{ name: mpName, rectangle: rectangle(faceOf(b).area) }] }));
    writeFileSync(`${c}.xmp`, xmpPacket({ mwg: { regions: [{ name: numberLike, ...faceOf(c).area }] } }));
    ok(['import', dir], env);
    expect(peopleOf(env).map((p) => p.name).filter((n) => n !== null).sort()).toEqual([mwgName, mpName, numberLike].sort());
  });
});

/** Microsoft's top-left "x, y, w, h" for an MWG centred area. */
function rectangle(area: { x: number; y: number; w: number; h: number }): string {
  return [area.x - area.w / 2, area.y - area.h / 2, area.w, area.h].join(', ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
