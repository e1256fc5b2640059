import { describe, expect, it } from 'vitest';
import { dot } from '../../src/domain/vector.js';
import { makeLibrary } from './synthetic.js';

// The clustering tests lean on this generator resembling an ArcFace-style recogniser; check the resemblance.
describe('synthetic libraries', () => {
  const faces = makeLibrary({ seed: 1, identitySizes: [10, 10, 10, 10, 10, 10], singletons: 20, lowQualityShare: 0.2, maxFacesPerPhoto: 4 });

  it('are the same for the same seed', () => {
    const again = makeLibrary({ seed: 1, identitySizes: [10, 10, 10, 10, 10, 10], singletons: 20, lowQualityShare: 0.2, maxFacesPerPhoto: 4 });
    expect(again.map((f) => [f.id, f.photoId, f.identity, Array.from(f.embedding.slice(0, 4))])).toEqual(
      faces.map((f) => [f.id, f.photoId, f.identity, Array.from(f.embedding.slice(0, 4))]),
    );
  });

  it('have unit embeddings, and one identity at most once per photo', () => {
    for (const f of faces) expect(dot(f.embedding, f.embedding)).toBeCloseTo(1, 5);
    const seen = new Set<string>();
    for (const f of faces) {
      const key = `${f.photoId}/${f.identity}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(new Set(faces.map((f) => f.photoId)).size).toBeLessThan(faces.length);
  });

  it('give strangers similarity ~0 and good faces of one person ~0.35-0.75', () => {
    const same: number[] = [];
    const strangers: number[] = [];
    for (let i = 0; i < faces.length; i++) {
      for (let j = i + 1; j < faces.length; j++) {
        const [a, b] = [faces[i]!, faces[j]!];
        const s = dot(a.embedding, b.embedding);
        if (a.identity !== b.identity) strangers.push(s);
        else if (a.quality >= 0.5 && b.quality >= 0.5) same.push(s);
      }
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    expect(Math.abs(mean(strangers))).toBeLessThan(0.02);
    expect(sd(strangers)).toBeGreaterThan(0.04);
    expect(sd(strangers)).toBeLessThan(0.1);
    expect(mean(same)).toBeGreaterThan(0.4);
    expect(mean(same)).toBeLessThan(0.6);
    expect(Math.min(...same)).toBeGreaterThan(0.2);
  });

  it('mark poor faces with quality below 0.5', () => {
    const poor = faces.filter((f) => f.quality < 0.5);
    expect(poor.length).toBe(6 * 2);
  });
});
