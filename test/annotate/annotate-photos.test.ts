import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import { annotatePorts } from '../../src/api/suggestion-ports.js';
import { annotatePhotos } from '../../src/annotate/annotate-photos.js';
import { askLibrary } from '../../src/annotate/ask-library.js';
import { PHOTO_PROMPT_V1 } from '../../src/annotate/prompts/photo-v1.js';
import { openDeepfaceCopy } from './support/deepface-library.js';
import { scriptedLlm } from './support/scripted-llm.js';

/* `facetag annotate --photos` on a scanned small/deepface, with a scripted test-only model. */
let lib: FacetagLibrary;
let ada: string;

beforeAll(async () => {
  lib = await openDeepfaceCopy();
  ada = (await lib.allPeople())[0]!.id;
  await (await lib.person(ada)).rename('Ada Example');
});
afterAll(async () => {
  await lib?.close();
});

describe('annotatePhotos', () => {
  it('captions the photos showing a person from their file, date and people, stores caption and tags, and is searchable', async () => {
    const photos = await lib.photoRecordsShowing([ada]);
    const llm = scriptedLlm((request) => ({
      caption: `Ada at ${/File:\n- (\S+)/.exec(request.user)![1]}`,
      tags: ['portrait', 'portrait', ' studio '],
      confidence: 0.5,
    }));
    const outcome = await annotatePhotos(annotatePorts(lib, llm), { photos: { showing: [ada] }, concurrency: 2, applyMinConfidence: null });
    expect(outcome).toMatchObject({ targetType: 'photo', promptVersion: 'photo-v1', failed: [], skipped: [] });
    expect(llm.requests).toHaveLength(photos.length);
    expect(llm.requests.every((r) => r.system === PHOTO_PROMPT_V1.system && /People on it:\n- Ada Example/.test(r.user))).toBe(true);
    expect(llm.requests.map((r) => /File:\n- small\/deepface\/person\d+\/(\S+)/.exec(r.user)![1]).sort()).toEqual(photos.map((p) => p.path.split('/').pop()).sort());

    const [photo] = photos;
    const stored = await lib.backends.catalog.listSuggestions({ target: { type: 'photo', id: photo!.sha256 } });
    expect(stored.map((s) => [s.kind, s.value])).toEqual([
      ['caption', `Ada at ${photo!.path.split('/').slice(-4).join('/')}`],
      ['tags', 'portrait, studio'],
    ]);
    const found = await askLibrary({ catalog: lib.backends.catalog, llm: scriptedLlm(() => ({ people: [], unknownPeople: [], from: null, to: null, place: null, words: ['studio'] })) }, 'studio photos');
    expect(found.photos.map((p) => p.sha256).sort()).toEqual(photos.map((p) => p.sha256).sort());
  });

  it('asks only about photos without a caption from this prompt version, and stores no empty tags', async () => {
    const llm = scriptedLlm(() => ({ caption: 'a photo', tags: [], confidence: 0.1 }));
    const outcome = await annotatePhotos(annotatePorts(lib, llm), { photos: 'all', concurrency: 2, applyMinConfidence: null });
    const all = await lib.backends.catalog.listPhotos();
    const showingAda = await lib.photoRecordsShowing([ada]);
    expect(outcome.skipped.sort()).toEqual(showingAda.map((p) => p.sha256).sort());
    expect(llm.requests).toHaveLength(all.length - showingAda.length);
    const other = all.find((p) => !showingAda.some((a) => a.sha256 === p.sha256))!;
    expect((await lib.backends.catalog.listSuggestions({ target: { type: 'photo', id: other.sha256 } })).map((s) => s.kind)).toEqual(['caption']);
  });

  it('refuses photos of someone who does not exist before asking', async () => {
    const llm = scriptedLlm(() => ({ caption: 'x', tags: [], confidence: 0 }));
    await expect(annotatePhotos(annotatePorts(lib, llm), { photos: { showing: ['p99999'] }, concurrency: 1, applyMinConfidence: null })).rejects.toThrow('p99999');
    expect(llm.requests).toEqual([]);
  });
});
