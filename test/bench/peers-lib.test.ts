import { describe, expect, it } from 'vitest';
import { boxFromCss, chooseSubset, evenlySpaced, formatTable, parsePeerResult, pickFace, ratio, scorePeer, type PeerResult } from '../../bench/peers-lib.js';

const peerJson = (over: Partial<PeerResult> = {}): PeerResult => ({
  format: 1,
  peer: 'face_recognition',
  versions: { face_recognition: '1.3.0', dlib: '20.0.1' },
  detector: 'hog',
  upsample: 1,
  jobs: 2,
  photos: [
    { path: '/p/lfw/A/a1.jpg', width: 250, height: 250, error: null },
    { path: '/p/lfw/A/a2.jpg', width: 250, height: 250, error: null },
    { path: '/p/lfw/B/b1.jpg', width: 250, height: 250, error: null },
    { path: '/p/lfw/B/b2.jpg', width: 250, height: 250, error: null },
    { path: '/p/lfw-singletons/S/s1.jpg', width: 250, height: 250, error: null },
    { path: '/p/lfw-singletons/T/t1.jpg', width: null, height: null, error: 'OSError: cannot identify image file' },
  ],
  faces: [
    // a1: a face at the edge (someone else, cluster 7) and the centred one (cluster 0).
    { path: '/p/lfw/A/a1.jpg', box: [0, 60, 60, 0], labels: [7, 7] },
    { path: '/p/lfw/A/a1.jpg', box: [75, 175, 175, 75], labels: [0, 0] },
    { path: '/p/lfw/A/a2.jpg', box: [80, 170, 170, 80], labels: [0, 0] },
    { path: '/p/lfw/B/b1.jpg', box: [80, 170, 170, 80], labels: [1, -1] },
    { path: '/p/lfw/B/b2.jpg', box: [80, 170, 170, 80], labels: [1, -1] },
    // The distractor is put with B by the first clustering, left as noise by the second.
    { path: '/p/lfw-singletons/S/s1.jpg', box: [80, 170, 170, 80], labels: [1, -1] },
  ],
  clusterings: [
    { eps: 0.6, min_samples: 2, seconds: 0.01 },
    { eps: 0.5, min_samples: 5, seconds: 0.01 },
  ],
  timing: { import_seconds: 3, analyse_seconds: 2 },
  peak_rss_mib: { main: 250, largest_worker: 240 },
  ...over,
});

const labels = new Map([
  ['/p/lfw/A/a1.jpg', 'lfw/A'],
  ['/p/lfw/A/a2.jpg', 'lfw/A'],
  ['/p/lfw/B/b1.jpg', 'lfw/B'],
  ['/p/lfw/B/b2.jpg', 'lfw/B'],
  ['/p/lfw-singletons/S/s1.jpg', 'lfw-singletons/S'],
  ['/p/lfw-singletons/T/t1.jpg', 'lfw-singletons/T'],
]);

describe('photo subset', () => {
  it('spreads n items evenly and takes all when n is large', () => {
    expect(evenlySpaced(['a', 'b', 'c', 'd', 'e', 'f'], 3)).toEqual(['a', 'c', 'e']);
    expect(evenlySpaced(['a', 'b'], 5)).toEqual(['a', 'b']);
    expect(evenlySpaced(['a', 'b'], Infinity)).toEqual(['a', 'b']);
    expect(evenlySpaced(['a', 'b'], 0)).toEqual([]);
  });

  it('depends only on the sorted names, and caps photos per person', () => {
    const people = new Map([
      ['Zed', ['Zed_0002.jpg', 'Zed_0001.jpg', 'Zed_0003.jpg']],
      ['Amy', ['Amy_0003.jpg', 'Amy_0001.jpg', 'Amy_0002.jpg', 'Amy_0004.jpg']],
      ['Bob', ['Bob_0001.jpg', 'Bob_0002.jpg']],
      ['Cat', ['Cat_0001.jpg', 'Cat_0002.jpg']],
    ]);
    const singletons = new Map([['Solo', ['Solo_0001.jpg']], ['Alone', ['Alone_0001.jpg']]]);
    const a = chooseSubset(people, singletons, { people: 2, perPerson: 2, singletons: 1 });
    const b = chooseSubset(new Map([...people].reverse()), new Map([...singletons].reverse()), { people: 2, perPerson: 2, singletons: 1 });
    expect([...a.people]).toEqual([['Amy', ['Amy_0001.jpg', 'Amy_0002.jpg']], ['Cat', ['Cat_0001.jpg', 'Cat_0002.jpg']]]);
    expect([...a.singletons]).toEqual([['Alone', ['Alone_0001.jpg']]]);
    expect([...b.people]).toEqual([...a.people]);
    expect([...b.singletons]).toEqual([...a.singletons]);
  });
});

describe('parsePeerResult', () => {
  it('reads a well-formed result', () => {
    const r = parsePeerResult(JSON.stringify(peerJson()));
    expect(r.faces).toHaveLength(6);
    expect(r.clusterings.map((c) => c.min_samples)).toEqual([2, 5]);
  });

  it('refuses text that is not JSON, a wrong format and missing fields', () => {
    expect(() => parsePeerResult('face_recognition: 10/10 photos')).toThrow(/not JSON/);
    expect(() => parsePeerResult(JSON.stringify({ ...peerJson(), format: 2 }))).toThrow(/format/);
    const { timing: _timing, ...withoutTiming } = peerJson();
    expect(() => parsePeerResult(JSON.stringify(withoutTiming))).toThrow(/timing/);
  });

  it('refuses faces with the wrong number of labels or an unknown photo', () => {
    const r = peerJson();
    r.faces[0]!.labels = [7];
    expect(() => parsePeerResult(JSON.stringify(r))).toThrow(/face 0 has 1 labels for 2 clusterings/);
    const s = peerJson();
    s.faces[2]!.path = '/elsewhere.jpg';
    expect(() => parsePeerResult(JSON.stringify(s))).toThrow(/not among its photos/);
  });
});

describe('scorePeer', () => {
  const [loose, strict] = scorePeer(peerJson(), labels, 'centre');

  it('scores the face nearest the centre, and counts photos without a face as not detected', () => {
    // a1's centred face is in cluster 0 with a2 (the edge face in cluster 7 is ignored).
    expect(loose!.detected).toBe(5);
    expect(loose!.detectionRate).toBeCloseTo(5 / 6, 12);
    expect(loose!.people).toBe(2);
    // Put together: a1-a2 and b1-b2 (right), b1-s1 and b2-s1 (wrong); true pairs: a1-a2, b1-b2.
    expect(loose!.pairwise).toMatchObject({ predictedPairs: 4, truePairs: 2, correctPairs: 2 });
    expect(loose!.singletons).toEqual({ singletons: 2, merged: 1, rate: 0.5 });
  });

  it('treats DBSCAN noise (-1) as unassigned, never as one shared cluster', () => {
    expect(strict!.people).toBe(1);
    expect(strict!.pairwise).toMatchObject({ predictedPairs: 1, truePairs: 2, correctPairs: 1 });
    expect(strict!.singletons.merged).toBe(0);
  });

  it('picks like facetag eval: nearest the centre, or the largest', () => {
    const small = { id: 'small centred', box: boxFromCss([110, 140, 140, 110]) };
    const big = { id: 'big at the edge', box: boxFromCss([0, 120, 120, 0]) };
    expect(pickFace([big, small], 250, 250, 'centre')?.id).toBe('small centred');
    expect(pickFace([small, big], 250, 250, 'largest')?.id).toBe('big at the edge');
    expect(pickFace([], 250, 250, 'centre')).toBeUndefined();
  });
});

describe('table', () => {
  it('prints ratios, with "-" for 0 / 0', () => {
    expect(ratio(3, 2)).toBe('1.50x');
    expect(ratio(0, 0)).toBe('-');
    expect(ratio(1, 0)).toBe('inf');
    const [report] = scorePeer(peerJson(), labels, 'centre');
    const row = { name: 'x', report: report!, faces: 6, imagesPerSecond: 2, wallSeconds: 5, peakMemoryMiB: 300 };
    const text = formatTable([row, { ...row, name: 'y', imagesPerSecond: 1 }], [{ of: row, to: { ...row, name: 'y', imagesPerSecond: 1 } }]);
    expect(text).toContain('x / y');
    expect(text.split('\n').at(-1)).toMatch(/2\.00x/);
  });
});
