import { describe, expect, it } from 'vitest';
import { detectionRow, formatDetectionTable, insightfaceRows, parseInsightfaceResult, type InsightfaceResult, type SetResult } from '../../bench/peers-detection-lib.js';
import type { FaceAudit } from '../../src/eval/face-audit.js';

/** Two audited group photos: g1 with two required faces, g2 with one and a face that need not be found. */
const audit: FaceAudit = {
  about: ['made for this test'],
  pack: 'test-pack',
  minFaceSize: 24,
  photos: {
    'g1.jpg': { size: { w: 800, h: 600 }, faces: [{ x: 100, y: 100, w: 60, h: 80 }, { x: 400, y: 100, w: 60, h: 80 }], falsePositives: [], notRequired: [], note: '' },
    'g2.jpg': {
      size: { w: 800, h: 600 },
      faces: [{ x: 200, y: 300, w: 100, h: 120 }],
      falsePositives: [],
      notRequired: [{ x: 700, y: 500, w: 20, h: 20, reason: 'under 24 px', detected: false }],
      note: '',
    },
  },
};

const photo = (path: string, boxes: [number, number, number, number][], error: string | null = null) => ({
  path,
  width: error ? null : 800,
  height: error ? null : 600,
  error,
  faces: boxes.map((box) => ({ box, score: 0.8 })),
});

const insightfaceJson = (): InsightfaceResult => ({
  format: 1,
  peer: 'insightface',
  versions: { insightface: '2.1', onnxruntime: '1.30.0' },
  models: { detection: 'scrfd_500m_kps.onnx', recognition: 'w600k_mbf_int8.onnx' },
  det_thresh: 0.5,
  jobs: 2,
  import_seconds: 1.2,
  runs: [
    {
      det_size: 640,
      load_seconds: 0.8,
      sets: [
        { name: '12mp', seconds: 4, photos: [photo('/t/12/p0.jpg', [[10, 10, 300, 400]]), photo('/t/12/p1.jpg', [], 'ValueError: OpenCV cannot read it')] },
        // g1: one of two faces; g2: its face, the small not-required face, and a box on nothing.
        { name: 'groups', seconds: 2, photos: [photo('/d/groups/g1.jpg', [[102, 98, 58, 84]]), photo('/d/groups/g2.jpg', [[205, 295, 95, 130], [702, 502, 18, 18], [0, 0, 40, 40]])] },
      ],
    },
    {
      det_size: 1920,
      load_seconds: 1.1,
      sets: [
        { name: 'groups', seconds: 8, photos: [photo('/d/groups/g1.jpg', [[102, 98, 58, 84], [398, 102, 62, 78]]), photo('/d/groups/g2.jpg', [[205, 295, 95, 130]])] },
        { name: '12mp', seconds: 5, photos: [photo('/t/12/p0.jpg', [[10, 10, 300, 400]]), photo('/t/12/p1.jpg', [[50, 50, 200, 300], [900, 50, 200, 300]])] },
      ],
    },
  ],
  peak_rss_mib: { main: 120, largest_worker: 480 },
});

describe('parseInsightfaceResult', () => {
  it('reads a well-formed result', () => {
    const r = parseInsightfaceResult(JSON.stringify(insightfaceJson()));
    expect(r.runs.map((run) => run.det_size)).toEqual([640, 1920]);
  });

  it('refuses text that is not JSON, another peer, a negative box and a run without both photo sets', () => {
    expect(() => parseInsightfaceResult('insightface: det 640, 2 processes')).toThrow(/not JSON/);
    expect(() => parseInsightfaceResult(JSON.stringify({ ...insightfaceJson(), peer: 'face_recognition' }))).toThrow(/peer/);
    const negative = insightfaceJson();
    negative.runs[0]!.sets[0]!.photos[0]!.faces[0]!.box = [10, 10, -5, 400];
    expect(() => parseInsightfaceResult(JSON.stringify(negative))).toThrow(/box/);
    const oneSet = insightfaceJson();
    oneSet.runs[1]!.sets.pop();
    expect(() => parseInsightfaceResult(JSON.stringify(oneSet))).toThrow(/det size 1920 has the sets groups, expected 12mp, groups/);
  });
});

describe('insightfaceRows', () => {
  const [at640, at1920] = insightfaceRows(parseInsightfaceResult(JSON.stringify(insightfaceJson())), audit, 700);

  it('makes one row per det size, at the run\'s process count, with images/s over all photos of a set', () => {
    expect(at640).toMatchObject({ name: 'insightface det 640', threads: 2, peakMemoryMiB: 700 });
    expect(at640!.twelveMp).toEqual({ imagesPerSecond: 0.5, faces: 1, errors: 1 });
    expect(at1920!.twelveMp).toEqual({ imagesPerSecond: 0.4, faces: 3, errors: 0 });
    expect(at640!.groups.imagesPerSecond).toBe(1);
  });

  it('scores groups/ boxes (x, y, w, h) against the audit by file name', () => {
    expect(at640!.groups.faces).toBe(4);
    expect(at640!.groups.audit).toMatchObject({ required: 3, found: 2, falseBoxes: 1, notRequiredFound: 1, photosMissing: [] });
    expect(at640!.groups.audit.missed).toEqual(['g1.jpg: {x: 400, y: 100, w: 60, h: 80}']);
    expect(at1920!.groups.audit).toMatchObject({ found: 3, falseBoxes: 0, missed: [] });
  });
});

describe('formatDetectionTable', () => {
  it('prints a row per side and facetag / peer ratios', () => {
    const [at640] = insightfaceRows(parseInsightfaceResult(JSON.stringify(insightfaceJson())), audit, 700);
    const set = (photos: number, seconds: number, boxes: [string, { x: number; y: number; w: number; h: number }[]][]): SetResult => ({ photos, errors: 0, seconds, boxes: new Map(boxes) });
    const facetag = detectionRow(
      'facetag',
      2,
      {
        '12mp': set(2, 2, [['p0.jpg', [{ x: 10, y: 10, w: 300, h: 400 }]], ['p1.jpg', []]]),
        groups: set(2, 4, [['g1.jpg', audit.photos['g1.jpg']!.faces], ['g2.jpg', audit.photos['g2.jpg']!.faces]]),
      },
      audit,
      1400,
    );
    expect(facetag.groups.audit.found).toBe(3);
    const text = formatDetectionTable([facetag, at640!], [{ of: facetag, to: at640! }]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/12 MP images\/s.*required found.*peak MiB/);
    expect(lines.find((l) => l.startsWith('insightface det 640'))).toMatch(/2 of 3/);
    // facetag / insightface: 12 MP 1 / 0.5 images/s, groups 0.5 / 1, 3 / 2 faces found, 0 / 1 false boxes, 1400 / 700 MiB.
    expect(lines.at(-1)).toMatch(/^facetag \/ insightface det 640\s+2\s+2\.00x\s+1\.00x\s+0\.50x\s+0\.75x\s+1\.50x\s+0\.00x\s+2\.00x$/);
  });
});
