import { describe, expect, it } from 'vitest';
import { applyNameActions, type NameWriter } from '../../../src/interop/import/apply-import.js';
import { nameActions } from '../../../src/interop/import/name-actions.js';
import type { FaceNaming } from '../../../src/interop/import/plan-import.js';
import { face, person } from './fixtures.js';

const box = { x: 0, y: 0, w: 10, h: 10 };
const naming = (faceId: string, personId: string | null, name: string): FaceNaming => ({ face: face(faceId, box, personId), photoPath: `/${faceId}.jpg`, name });

describe('nameActions', () => {
  it('moves faces to the person who has the name already (ignoring case), keeping that person', () => {
    const actions = nameActions([naming('f1', 'p3', 'ann'), naming('f2', null, 'ANN')], [person('p1', 'Ann'), person('p3', null)]);
    expect(actions).toEqual([{ kind: 'reuse', name: 'ann', personId: 'p1', faceIds: ['f1', 'f2'] }]);
  });

  it('names the unnamed person holding most of the faces when no other imported name touches it', () => {
    const namings = [naming('f1', 'p3', 'Cleo'), naming('f2', 'p3', 'Cleo'), naming('f3', 'p4', 'Cleo'), naming('f4', null, 'Cleo')];
    const actions = nameActions(namings, [person('p3', null), person('p4', null)]);
    expect(actions).toEqual([{ kind: 'name', name: 'Cleo', personId: 'p3', faceIds: ['f1', 'f2', 'f3', 'f4'] }]);
  });

  it('makes new people when one unnamed person holds faces of two imported names (a mixed cluster keeps its own)', () => {
    const actions = nameActions([naming('f1', 'p3', 'Ann'), naming('f2', 'p3', 'Bob')], [person('p3', null)]);
    expect(actions).toEqual([
      { kind: 'create', name: 'Ann', faceIds: ['f1'] },
      { kind: 'create', name: 'Bob', faceIds: ['f2'] },
    ]);
  });

  it('makes a new person for faces of nobody or of named people of another name', () => {
    const actions = nameActions([naming('f1', null, 'Dora'), naming('f2', 'p1', 'Dora')], [person('p1', 'Ann')]);
    expect(actions).toEqual([{ kind: 'create', name: 'Dora', faceIds: ['f1', 'f2'] }]);
  });
});

describe('applyNameActions', () => {
  it('makes the writes each action stands for, and counts them', async () => {
    const calls: string[] = [];
    const writer: NameWriter = {
      createPerson: async (name, faceIds) => (calls.push(`create ${name} ${faceIds.join(',')}`), 'p9'),
      moveFaces: async (faceIds, personId) => void calls.push(`move ${faceIds.join(',')} ${personId}`),
      renamePerson: async (personId, name) => void calls.push(`rename ${personId} ${name}`),
    };
    const counts = await applyNameActions(writer, [
      { kind: 'reuse', name: 'Ann', personId: 'p1', faceIds: ['f1'] },
      { kind: 'name', name: 'Cleo', personId: 'p3', faceIds: ['f2', 'f3'] },
      { kind: 'create', name: 'Dora', faceIds: ['f4'] },
    ]);
    // Named first, then the faces confirmed in the person, as a user would.
    expect(calls).toEqual(['move f1 p1', 'rename p3 Cleo', 'move f2,f3 p3', 'create Dora f4']);
    expect(counts).toEqual({ peopleCreated: 1, peopleNamed: 1, facesNamed: 4 });
  });
});
