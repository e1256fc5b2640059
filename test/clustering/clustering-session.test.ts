import { describe, expect, it } from 'vitest';
import { ClusteringSession } from '../../src/clustering/clustering-session.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../../src/clustering/thresholds.js';
import type { ClusterFace, ClusteringInput, ClusteringMode } from '../../src/clustering/types.js';

const face = (id: string, personId: string | null, source: ClusterFace['source'], photoId = `photo-${id}`): ClusterFace => ({
  id,
  photoId,
  quality: 1,
  personId,
  source,
});

function session(mode: ClusteringMode, faces: ClusterFace[], extra: Partial<ClusteringInput> = {}) {
  return new ClusteringSession({
    mode,
    faces,
    people: [],
    constraints: [],
    neighbours: () => [],
    thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
    ...extra,
  });
}

const library = [
  face('u1', 'p1', 'user'),
  face('u0', null, 'user'), // the user took this face out of a person: it stays out
  face('a1', 'p1', 'auto'),
  face('a2', 'p2', 'auto'),
  face('n1', null, null),
  face('n2', null, 'auto'),
];

describe('ClusteringSession', () => {
  it('in incremental mode moves only faces without a person that the user has not set aside', () => {
    const s = session('incremental', library);
    expect(s.candidates).toEqual(['n1', 'n2']);
    expect(s.state.personOf('a1')).toBe('p1');
    expect(s.state.personOf('u1')).toBe('p1');
  });

  it('moves only the movable faces when the run names them, leaving the others as they are', () => {
    const s = session('incremental', library, { movable: new Set(['n2', 'a1', 'u0']) });
    expect(s.candidates).toEqual(['n2']);
    expect(s.state.personOf('n1')).toBeNull();
    expect(s.state.personOf('a1')).toBe('p1');
    expect(s.toPlan().unassigned).toEqual(['n2']);
  });

  it('in recluster mode also frees automatic assignments, remembering where they were', () => {
    const s = session('recluster', library);
    expect(s.candidates).toEqual(['a1', 'a2', 'n1', 'n2']);
    expect(s.state.personOf('a1')).toBeNull();
    expect(s.state.personOf('u1')).toBe('p1');
    expect(s.formerPerson('a2')).toBe('p2');
  });

  it('plans only changes, new people separately, and the faces left over', () => {
    const s = session('recluster', library);
    s.state.join('a1', 'p1'); // back where it was: no change
    s.state.join('n1', 'p2'); // a move
    const created = s.createPersonWith(['n2']);
    const plan = s.toPlan();
    expect(plan.assignments).toEqual([
      { faceId: 'a2', personId: null, source: 'auto' },
      { faceId: 'n1', personId: 'p2', source: 'auto' },
    ]);
    expect(plan.newPeople).toEqual([{ tempId: created, faceIds: ['n2'] }]);
    expect(plan.unassigned).toEqual(['a2']);
  });

  it('reports emptied people, unless the user named, hid or constrained them', () => {
    const faces = [face('a', 'p1', 'auto'), face('b', 'p2', 'auto'), face('c', 'p3', 'auto'), face('d', 'p4', 'auto')];
    const s = session('recluster', faces, {
      people: [
        { id: 'p1', name: null, hidden: false },
        { id: 'p2', name: 'Ada', hidden: false },
        { id: 'p3', name: null, hidden: true },
        { id: 'p4', name: null, hidden: false },
      ],
      constraints: [{ kind: 'not-person', faceId: 'x', personId: 'p4' }],
    });
    expect(s.toPlan().emptiedPeople).toEqual(['p1']);
  });

  it('labels new people so they cannot be mistaken for existing ones', () => {
    const s = session('incremental', [face('a', 'new-1', 'user'), face('b', null, null)]);
    expect(s.createPerson()).not.toBe('new-1');
  });

  it('refuses a face listed twice', () => {
    expect(() => session('incremental', [face('a', null, null), face('a', null, null)])).toThrow(/appears twice/);
  });

  it('says a run adds to known people only when it is incremental and the library already has people (holdBackMargin)', () => {
    expect(session('incremental', library).addsToKnownPeople).toBe(true);
    expect(session('recluster', library).addsToKnownPeople).toBe(false);
    expect(session('incremental', [face('n1', null, null), face('n2', null, null)]).addsToKnownPeople).toBe(false);
  });
});
