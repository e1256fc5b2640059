import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import { estimateTokens, fitEvidence } from '../../src/annotate/evidence-budget.js';
import { personEvidence, UNAVAILABLE } from '../../src/annotate/person-evidence.js';
import { gatherPersonFacts, type PersonFacts } from '../../src/annotate/person-facts.js';
import { openDeepfaceCopy, photoWithTwoFaces } from './support/deepface-library.js';

const FACTS: PersonFacts = {
  personId: 'p1',
  photos: [
    { path: '/home/ann/Pictures/2019/Alice birthday/IMG_0001.jpg', takenAt: '2019-05-04T12:00:00.000Z', gps: { lat: 48.8566, lon: 2.3522 }, camera: 'Canon EOS 5D' },
    { path: '/home/ann/Pictures/2019/Alice birthday/IMG_0002.jpg', takenAt: '2019-05-04T12:05:00.000Z', gps: { lat: 48.8571, lon: 2.3519 }, camera: 'Canon EOS 5D' },
    { path: '/home/ann/Pictures/2021/Beach/DSC_9.jpg', takenAt: '2021-08-01T09:00:00.000Z', gps: null, camera: 'Pixel 6' },
    { path: '/home/ann/Pictures/scans/old.jpg', takenAt: null, gps: null, camera: null },
  ],
  companions: [
    { name: 'Bob', photos: 3 },
    { name: 'Carol', photos: 1 },
  ],
  unnamedCompanions: 2,
  captions: ['Beach party', 'Beach party', 'birthday, cake'],
};

describe('person evidence (pure)', () => {
  it('counts folders, dates, places, cameras and companions, most frequent first, without the home folder', () => {
    const sections = new Map(personEvidence(FACTS).map((s) => [s.noun, s.lines]));
    expect(sections.get('folders')).toEqual(['Pictures/2019/Alice birthday (2)', 'Pictures/2021/Beach (1)', 'ann/Pictures/scans (1)']);
    expect(sections.get('file names')).toEqual(['DSC_9.jpg', 'IMG_0001.jpg', 'IMG_0002.jpg', 'old.jpg']);
    expect(sections.get('date lines')).toEqual(['2019-05-04 to 2021-08-01: 3 dated, 1 undated', 'in 2019: 2 photos', 'in 2021: 1 photo']);
    expect(sections.get('places')).toEqual(['48.86, 2.35 (2)']);
    expect(sections.get('cameras')).toEqual(['Canon EOS 5D (2)', 'Pixel 6 (1)']);
    expect(sections.get('people')).toEqual(['Bob (3 photos together)', 'Carol (1 photo together)', 'and 2 people without a name']);
    expect(sections.get('captions')).toEqual(['Beach party (2)', 'birthday, cake (1)']);
  });

  it('gives everything, with what is not available, when it fits', () => {
    const fitted = fitEvidence(personEvidence(FACTS), 2000);
    expect(fitted.cut).toBeNull();
    expect(fitted.text).toContain('- Pictures/2019/Alice birthday (2)');
    expect(fitted.text).toContain('Places (GPS, rounded; photo count):\n- 48.86, 2.35 (2)');
    expect(fitted.text).toContain(UNAVAILABLE);
    expect(fitted.tokens).toBe(estimateTokens(fitted.text));
  });

  it('cuts the longest lists first to fit a budget, keeps the most frequent lines and says what went', () => {
    const many: PersonFacts = {
      ...FACTS,
      photos: Array.from({ length: 400 }, (_, i) => ({ path: `/p/${i % 3 === 0 ? 'Party' : `f${i}`}/IMG_${String(i).padStart(4, '0')}.jpg`, takenAt: null, gps: null, camera: null })),
    };
    const whole = fitEvidence(personEvidence(many), 1_000_000);
    const fitted = fitEvidence(personEvidence(many), 600);
    expect(whole.cut).toBeNull();
    expect(fitted.tokens).toBeLessThanOrEqual(600);
    expect(fitted.cut).toMatch(/^Cut to fit the model's context: \d+ of 267 folders, \d+ of 400 file names left out\.$/);
    expect(fitted.text).toContain('- p/Party (134)');
    expect(fitted.text).toContain('- Bob (3 photos together)');
    expect(fitted.text).toMatch(/- \(\d+ more left out to fit\)/);
    expect(fitted.text).toContain(fitted.cut!);
  });
});

describe('person evidence on a scanned library (small/deepface)', () => {
  let lib: FacetagLibrary;
  beforeAll(async () => {
    lib = await openDeepfaceCopy();
  });
  afterAll(async () => {
    await lib?.close();
  });

  it("names the person's folders and files, dates as read, and a named companion the user put beside them", async () => {
    const { personId, otherFaceId } = await photoWithTwoFaces(lib);
    await lib.createPerson('Alice Example', [otherFaceId]);
    const facts = await gatherPersonFacts(lib.backends, personId);
    const photos = await lib.backends.catalog.photosWithPeople([personId]);
    expect(facts.photos.map((p) => p.path).sort()).toEqual(photos.map((p) => p.path).sort());
    expect(facts.companions).toEqual([{ name: 'Alice Example', photos: 1 }]);

    const sections = new Map(personEvidence(facts).map((s) => [s.noun, s.lines]));
    const folders = sections.get('folders')!;
    expect(folders.every((line) => /^small\/deepface\/person\d+ \(\d+\)$/.test(line))).toBe(true);
    expect(folders.reduce((sum, line) => sum + Number(/\((\d+)\)$/.exec(line)![1]), 0)).toBe(photos.length);
    expect(sections.get('file names')).toEqual([...new Set(photos.map((p) => p.path.split('/').pop()!))].sort());
    const dated = photos.filter((p) => p.takenAt !== null).length;
    expect(sections.get('date lines')![0]).toContain(dated === 0 ? `(${photos.length} undated)` : `${dated} dated, ${photos.length - dated} undated`);
    expect(sections.get('people')).toEqual(['Alice Example (1 photo together)']);
    expect(sections.get('captions')).toEqual([]);
  });

  it('gives the captions the user accepted for their photos, not pending or rejected ones', async () => {
    const [person] = await lib.allPeople();
    const [first, second] = await lib.backends.catalog.photosWithPeople([person!.id]);
    const common = { evidence: [], confidence: 0.5, model: 'm', promptVersion: 'photo-test', promptTokens: 1, completionTokens: 1, ms: 1 };
    const ids = await lib.backends.catalog.addSuggestions([
      { ...common, target: { type: 'photo', id: first!.sha256 }, kind: 'caption', value: 'At the lake' },
      { ...common, target: { type: 'photo', id: first!.sha256 }, kind: 'tags', value: 'lake, summer' },
      { ...common, target: { type: 'photo', id: second!.sha256 }, kind: 'caption', value: 'Still pending' },
    ]);
    await lib.backends.catalog.decideSuggestion(ids[0]!, 'accepted');
    await lib.backends.catalog.decideSuggestion(ids[1]!, 'rejected');
    const facts = await gatherPersonFacts(lib.backends, person!.id);
    expect(facts.captions).toEqual(['At the lake']);
    expect(fitEvidence(personEvidence(facts), 5000).text).toContain('Captions and tags of the photos (accepted by the user):\n- At the lake (1)');
  });

  it('refuses a person who does not exist', async () => {
    await expect(gatherPersonFacts(lib.backends, 'p999999')).rejects.toThrow('p999999');
  });
});
