import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import { annotatePorts } from '../../src/api/suggestion-ports.js';
import { annotatePeople } from '../../src/annotate/annotate-people.js';
import { annotatePhotos } from '../../src/annotate/annotate-photos.js';
import { PERSON_PROMPT_V1_VISION } from '../../src/annotate/prompts/person-v1.js';
import { PHOTO_SIDE } from '../../src/annotate/vision-images.js';
import { openDeepfaceCopy } from './support/deepface-library.js';
import { scriptedLlm } from './support/scripted-llm.js';

/*
 * --vision on a scanned small/deepface: what images go with each request (the scripted test-only model only looks
 * at the request; no small vision model exists to answer for real).
 */
let lib: FacetagLibrary;
beforeAll(async () => {
  lib = await openDeepfaceCopy();
});
afterAll(async () => {
  await lib?.close();
});

const personReply = () => ({ name: null, description: 'a portrait', relations: [], confidence: 0.3 });

describe('annotate with --vision', () => {
  it("shows the model a person's best face crops and one whole photo, and records the vision prompt", async () => {
    const [person] = await lib.allPeople();
    const llm = scriptedLlm(personReply);
    await annotatePeople(annotatePorts(lib, llm), { people: [person!.id], concurrency: 1, applyMinConfidence: null, vision: true });
    const [request] = llm.requests;
    expect(request!.system).toBe(PERSON_PROMPT_V1_VISION.system);
    const faces = (await lib.backends.catalog.listFaces({ personId: person!.id })).sort((a, b) => b.quality.overall - a.quality.overall);
    const images = request!.images!;
    expect(images).toHaveLength(Math.min(3, faces.length) + 1);
    expect(Buffer.from(images[0]!.bytes)).toEqual(Buffer.from((await lib.faceCrop(faces[0]!.id)).bytes));
    const whole = await sharp(images.at(-1)!.bytes).metadata();
    expect(whole.format).toBe('jpeg');
    expect(Math.max(whole.width!, whole.height!)).toBeLessThanOrEqual(PHOTO_SIDE);
    const stored = await lib.backends.catalog.listSuggestions({ target: { type: 'person', id: person!.id } });
    expect(stored.map((s) => s.promptVersion)).toEqual(['person-v1-vision']);

    // Without --vision: no image, and the text-only prompt's version is still to do for this person.
    const plain = scriptedLlm(personReply);
    await annotatePeople(annotatePorts(lib, plain), { people: [person!.id], concurrency: 1, applyMinConfidence: null });
    expect(plain.requests).toHaveLength(1);
    expect(plain.requests[0]!.images).toEqual([]);
  });

  it('shows the model each photo itself for a caption', async () => {
    const [person] = await lib.allPeople();
    const llm = scriptedLlm(() => ({ caption: 'a face', tags: ['portrait'], confidence: 0.4 }));
    await annotatePhotos(annotatePorts(lib, llm), { photos: { showing: [person!.id] }, concurrency: 1, applyMinConfidence: null, vision: true });
    expect(llm.requests).toHaveLength(person!.photos);
    for (const request of llm.requests) {
      expect(request.images).toHaveLength(1);
      expect((await sharp(request.images![0]!.bytes).metadata()).format).toBe('jpeg');
    }
    expect((await lib.backends.catalog.suggestedTargets('photo', 'photo-v1-vision')).length).toBe(person!.photos);
  });
});
