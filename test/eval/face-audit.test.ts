import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignDetections, readFaceAudit, sameFace, scoreAgainstAudit, type FaceAudit } from '../../src/eval/face-audit.js';

const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });

const audit: FaceAudit = {
  about: ['two photos counted by eye for this test'],
  pack: 'test-pack',
  minFaceSize: 24,
  photos: {
    'a.jpg': {
      size: { w: 400, h: 300 },
      faces: [box(10, 10, 50, 60), box(100, 10, 50, 60)],
      falsePositives: [],
      notRequired: [box(300, 200, 20, 20)].map((b) => ({ ...b, reason: 'under 24 px', detected: false })),
      note: '',
    },
    'b.jpg': {
      size: { w: 400, h: 300 },
      faces: [box(200, 100, 80, 80)],
      falsePositives: [{ ...box(0, 250, 30, 30), what: 'a bottle' }],
      notRequired: [],
      note: '',
    },
  },
};

describe('sameFace', () => {
  it('holds when each box holds the centre of the other, whatever the box convention', () => {
    expect(sameFace(box(10, 10, 50, 60), box(14, 0, 44, 70))).toBe(true);
    // A box around the neighbour holds neither centre.
    expect(sameFace(box(10, 10, 50, 60), box(100, 10, 50, 60))).toBe(false);
    // A huge box holds the small one's centre, but not the other way round.
    expect(sameFace(box(10, 10, 50, 60), box(0, 0, 400, 300))).toBe(false);
  });
});

describe('assignDetections', () => {
  it('pairs each audited face with at most one detection, nearest first, and returns the rest', () => {
    const near = box(12, 12, 50, 60);
    const second = box(4, 0, 54, 66);
    const { found, left } = assignDetections([box(10, 10, 50, 60)], [second, near]);
    expect(found).toEqual([near]);
    expect(left).toEqual([second]);
  });
});

describe('scoreAgainstAudit', () => {
  it('counts found and missed faces, not-required faces found and boxes on no face', () => {
    const score = scoreAgainstAudit(
      audit,
      new Map([
        ['a.jpg', [box(12, 12, 48, 58), box(302, 202, 18, 18), box(250, 100, 40, 40)]],
        ['b.jpg', []],
      ]),
    );
    expect(score.required).toBe(3);
    expect(score.found).toBe(1);
    expect(score.missed).toEqual(['a.jpg: {x: 100, y: 10, w: 50, h: 60}', 'b.jpg: {x: 200, y: 100, w: 80, h: 80}']);
    expect(score.notRequiredFound).toBe(1);
    expect(score.falseBoxes).toBe(1);
    expect(score.auditedFalseBoxes).toBe(1);
    expect(score.photosMissing).toEqual([]);
  });

  it('names the audited photos that have no detections at all', () => {
    const score = scoreAgainstAudit(audit, new Map([['a.jpg', [box(10, 10, 50, 60), box(100, 10, 50, 60)]]]));
    expect(score.found).toBe(2);
    expect(score.photosMissing).toEqual(['b.jpg']);
  });
});

describe('readFaceAudit', () => {
  it('reads a good file and names a bad one with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'face-audit-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(audit));
    expect(Object.keys(readFaceAudit(join(dir, 'good.json')).photos)).toEqual(['a.jpg', 'b.jpg']);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...audit, minFaceSize: -1 }));
    expect(() => readFaceAudit(join(dir, 'bad.json'))).toThrow(/bad\.json: minFaceSize/);
  });
});
