import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import { annotatePorts } from '../../src/api/suggestion-ports.js';
import { AnnotateService, AnnotationNotFoundError, AnnotationRunningError, type AnnotationReport } from '../../src/annotate/annotate-service.js';
import { NotFoundError } from '../../src/library/library-errors.js';
import { openDeepfaceCopy } from './support/deepface-library.js';
import { folderIn, scriptedLlm, unreachable } from './support/scripted-llm.js';

/*
 * The service behind POST /api/annotate on a real scanned library (small/deepface: 10 unnamed people), with a
 * scripted test-only client standing in for the model so that a run can be held, stopped or made to fail on demand.
 */
let lib: FacetagLibrary;
beforeEach(async () => {
  lib = await openDeepfaceCopy();
});
afterEach(async () => {
  await lib?.close();
});

const reply = (request: Parameters<Parameters<typeof scriptedLlm>[0]>[0]) => ({
  name: { value: `Name ${folderIn(request)}`, evidence: [`folder small/deepface/${folderIn(request)}`], confidence: 0.9 },
  description: 'a portrait',
  relations: [],
  confidence: 0.6,
});

/** A gate the scripted model waits at before each reply. */
function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function untilEnded(service: AnnotateService, id: string): Promise<AnnotationReport> {
  for (;;) {
    const run = service.get(id);
    if (run.state !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A model that answers only once the gate is opened, so a run can be caught while it is running. */
function heldLlm() {
  const held = gate();
  const llm = scriptedLlm(async (request) => {
    await held.wait;
    return reply(request);
  });
  return { held, llm };
}

describe('AnnotateService', () => {
  it('runs every unnamed person in the background, one run at a time, and reports what the run did', async () => {
    const { held, llm } = heldLlm();
    const service = new AnnotateService(annotatePorts(lib, llm));
    try {
      const started = await service.start({ people: 'all-unnamed', photos: false, applyMinConfidence: null });
      expect(started).toMatchObject({ state: 'running', targetType: 'person', personIds: null, done: 0, finishedAt: null });
      await expect(service.start({ people: 'all-unnamed', photos: false, applyMinConfidence: null })).rejects.toThrow(AnnotationRunningError);
      held.open();
      const run = await untilEnded(service, started.id);
      expect(run).toMatchObject({
        state: 'finished', model: 'scripted-model', promptVersion: 'person-v1', done: 10, total: 10, skipped: 0, suggestions: 20, applied: 0,
        completionTokens: 200, failed: 0, failures: [], error: null,
      });
      expect(run.promptTokens).toBe(llm.requests.reduce((sum, r) => sum + 100 + r.user.length, 0));
      expect(await lib.backends.catalog.listSuggestions({ status: 'pending' })).toHaveLength(20);
      expect(() => service.get('00000000-0000-4000-8000-000000000000')).toThrow(AnnotationNotFoundError);
    } finally {
      await service.close();
    }
  });

  it('checks the people before starting, and applies confident suggestions when asked', async () => {
    const service = new AnnotateService(annotatePorts(lib, scriptedLlm(reply)));
    try {
      await expect(service.start({ people: ['p999999'], photos: false, applyMinConfidence: null })).rejects.toThrow(NotFoundError);
      const [person] = (await lib.backends.catalog.listPeople()).map((p) => p.id);
      const run = await untilEnded(service, (await service.start({ people: [person!], photos: false, applyMinConfidence: 0.8 })).id);
      expect(run).toMatchObject({ state: 'finished', personIds: [person], done: 1, suggestions: 2, applied: 1 });
      expect((await lib.backends.catalog.findPerson(person!))?.name).toMatch(/^Name person\d+$/);
    } finally {
      await service.close();
    }
  });

  it('stops a running run on close: what was stored stays, and no new run starts', async () => {
    const { held, llm } = heldLlm();
    const service = new AnnotateService(annotatePorts(lib, llm));
    const { id } = await service.start({ people: 'all-unnamed', photos: false, applyMinConfidence: null });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = service.close();
    held.open();
    await closed;
    const run = service.get(id);
    expect(run.state).toBe('stopped');
    expect(run.error).toMatch(/stopping/);
    expect(llm.requests).toHaveLength(1);
    expect(await lib.backends.catalog.listSuggestions({ status: 'pending' })).toHaveLength(run.suggestions);
    await expect(service.start({ people: 'all-unnamed', photos: false, applyMinConfidence: null })).rejects.toThrow(/stopping/);
  });

  it('ends as failed with the model\'s one-line error when it cannot be reached', async () => {
    const service = new AnnotateService(annotatePorts(lib, scriptedLlm(() => unreachable())));
    try {
      const run = await untilEnded(service, (await service.start({ people: 'all-unnamed', photos: false, applyMinConfidence: null })).id);
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/^cannot reach the language model at http:\/\/scripted\.test\/v1.*run again to do the rest\)$/);
      expect(run.finishedAt).not.toBeNull();
    } finally {
      await service.close();
    }
  });

  it('captions the photos showing a person', async () => {
    const llm = scriptedLlm(() => ({ caption: 'a photo', tags: ['portrait'], confidence: 0.5 }));
    const service = new AnnotateService(annotatePorts(lib, llm));
    try {
      const [person] = (await lib.backends.catalog.listPeople()).map((p) => p.id);
      const run = await untilEnded(service, (await service.start({ people: [person!], photos: true, applyMinConfidence: null })).id);
      const photos = await lib.backends.catalog.photosWithPeople([person!]);
      expect(run).toMatchObject({ state: 'finished', targetType: 'photo', promptVersion: 'photo-v1', done: photos.length, total: photos.length });
      expect(llm.requests).toHaveLength(photos.length);
    } finally {
      await service.close();
    }
  });
});
