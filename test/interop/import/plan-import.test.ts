import { describe, expect, it } from 'vitest';
import { planImport } from '../../../src/interop/import/plan-import.js';
import { face, match, person } from './fixtures.js';

const people = new Map([person('p1', 'Ann'), person('p2', 'Bob'), person('p3', null)].map((p) => [p.id, p]));
const box = (x: number) => ({ x, y: 0, w: 10, h: 10 });

describe('planImport', () => {
  it('names matched faces; an unmatched region names nothing', () => {
    const f = face('f1', box(0), 'p3');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Cleo', f), match('Nobody', null, 0.1)] }], people, false);
    expect(plan.namings).toEqual([{ face: f, photoPath: '/a.jpg', name: 'Cleo' }]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.alreadyNamed).toBe(0);
  });

  it('counts a face the user already put under the same name (any case) as already named', () => {
    const f = face('f1', box(0), 'p1', 'user');
    const plan = planImport([{ path: '/a.jpg', matches: [match('ann', f)] }], people, false);
    expect(plan).toEqual({ namings: [], alreadyNamed: 1, conflicts: [] });
  });

  it('confirms a face that is only automatically in the person of that name', () => {
    const f = face('f1', box(0), 'p1', 'auto');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f)] }], people, false);
    expect(plan.namings.map((n) => n.face.id)).toEqual(['f1']);
    expect(plan.alreadyNamed).toBe(0);
  });

  it('moves a face automatically in another named person without a conflict', () => {
    const f = face('f1', box(0), 'p2', 'auto');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f)] }], people, false);
    expect(plan.conflicts).toEqual([]);
    expect(plan.namings.map((n) => n.name)).toEqual(['Ann']);
  });

  it.each([false, true])('decided-elsewhere: a face the user put in another named person (overwrite %s)', (overwrite) => {
    const f = face('f1', box(0), 'p2', 'user');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f)] }], people, overwrite);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toMatchObject({ kind: 'decided-elsewhere', photoPath: '/a.jpg' });
    expect(plan.conflicts[0]!.message).toContain('"Ann"');
    expect(plan.conflicts[0]!.message).toContain('"Bob"');
    expect(plan.namings.map((n) => `${n.face.id}=${n.name}`)).toEqual(overwrite ? ['f1=Ann'] : []);
  });

  it.each([false, true])('marked-not-a-face: a face the user said is no face is not named silently (overwrite %s)', (overwrite) => {
    const f = face('f1', box(0), null, 'user');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f)] }], people, overwrite);
    expect(plan.conflicts).toEqual([{ kind: 'marked-not-a-face', photoPath: '/a.jpg', message: 'face f1 is "Ann" in the file but you marked it as not a face' }]);
    expect(plan.namings.map((n) => `${n.face.id}=${n.name}`)).toEqual(overwrite ? ['f1=Ann'] : []);
  });

  it.each([false, true])('two-names-one-face: the best overlapping region wins only with overwrite (%s)', (overwrite) => {
    const f = face('f1', box(0), 'p3');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f, 0.6), match('Dora', f, 0.9)] }], people, overwrite);
    expect(plan.conflicts.map((c) => c.kind)).toEqual(['two-names-one-face']);
    expect(plan.conflicts[0]!.message).toContain('"Ann" and "Dora"');
    expect(plan.namings.map((n) => `${n.face.id}=${n.name}`)).toEqual(overwrite ? ['f1=Dora'] : []);
  });

  it('one face written twice under the same name is no conflict', () => {
    const f = face('f1', box(0), 'p3');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f, 0.6), match('Ann', f, 0.9)] }], people, false);
    expect(plan.conflicts).toEqual([]);
    expect(plan.namings.map((n) => n.face.id)).toEqual(['f1']);
  });

  it('the same name in another case on one face is one person (the catalog\'s rule), not two names', () => {
    const f = face('f1', box(0), 'p3');
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f, 0.6), match('ann', f, 0.9)] }], people, false);
    expect(plan.conflicts).toEqual([]);
    expect(plan.namings.map((n) => `${n.face.id}=${n.name}`)).toEqual(['f1=ann']);
  });

  it('the same name in another case on two faces of one photo is one name on two faces', () => {
    const [f1, f2] = [face('f1', box(0), 'p3'), face('f2', box(50), 'p3')];
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f1), match('ANN', f2)] }], people, false);
    expect(plan.conflicts.map((c) => c.kind)).toEqual(['one-name-two-faces']);
    expect(plan.namings).toEqual([]);
  });

  it.each([false, true])('one-name-two-faces in one photo: both named only with overwrite (%s)', (overwrite) => {
    const [f1, f2] = [face('f1', box(0), 'p3'), face('f2', box(50), 'p3')];
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f1), match('Ann', f2)] }], people, overwrite);
    expect(plan.conflicts.map((c) => c.kind)).toEqual(['one-name-two-faces']);
    expect(plan.conflicts[0]!.message).toContain('f1');
    expect(plan.conflicts[0]!.message).toContain('f2');
    expect(plan.namings.map((n) => n.face.id)).toEqual(overwrite ? ['f1', 'f2'] : []);
  });

  it('one name on faces of two different photos is no conflict', () => {
    const [f1, f2] = [face('f1', box(0), 'p3'), face('f2', box(0), 'p3')];
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f1)] }, { path: '/b.jpg', matches: [match('Ann', f2)] }], people, false);
    expect(plan.conflicts).toEqual([]);
    expect(plan.namings.map((n) => `${n.photoPath}:${n.face.id}`)).toEqual(['/a.jpg:f1', '/b.jpg:f2']);
  });

  it('a conflict in one photo does not hold back the other photos', () => {
    const [f1, f2] = [face('f1', box(0), 'p2', 'user'), face('f2', box(0), 'p3')];
    const plan = planImport([{ path: '/a.jpg', matches: [match('Ann', f1)] }, { path: '/b.jpg', matches: [match('Cleo', f2)] }], people, false);
    expect(plan.conflicts.map((c) => c.photoPath)).toEqual(['/a.jpg']);
    expect(plan.namings.map((n) => n.face.id)).toEqual(['f2']);
  });
});
