import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import { annotatePorts } from '../../src/api/suggestion-ports.js';
import { annotatePeople, type AnnotateProgress } from '../../src/annotate/annotate-people.js';
import { rejectSuggestion } from '../../src/annotate/decide-suggestions.js';
import { PERSON_PROMPT_V1 } from '../../src/annotate/prompts/person-v1.js';
import { estimateTokens, fitEvidence } from '../../src/annotate/evidence-budget.js';
import { personEvidence } from '../../src/annotate/person-evidence.js';
import { gatherPersonFacts } from '../../src/annotate/person-facts.js';
import { LlmError, LlmReplyError } from '../../src/llm/llm-client.js';
import { openDeepfaceCopy, photoWithTwoFaces } from './support/deepface-library.js';
import { folderIn, scriptedLlm, unreachable } from './support/scripted-llm.js';

/*
 * The orchestration of `facetag annotate` on a real scanned library (small/deepface: 10 unnamed people, each from
 * one folder), with a scripted test-only client standing in for the model to provoke particular replies and faults.
 */
let lib: FacetagLibrary;
beforeEach(async () => {
  lib = await openDeepfaceCopy();
});
afterEach(async () => {
  await lib?.close();
});

/** A reply naming the person after their folder (what a model should do with "person01/img1.jpg"). */
function namedAfterFolder(request: Parameters<Parameters<typeof scriptedLlm>[0]>[0]) {
  const folder = folderIn(request);
  return {
    name: { value: `Name ${folder}`, evidence: [`folder small/deepface/${folder}`], confidence: 0.9 },
    description: `seen in ${folder}`,
    relations: [{ person: 'Nobody Shown', relation: 'friend', evidence: [] }],
    confidence: 0.6,
  };
}

const unnamedIds = async () => (await lib.backends.catalog.listPeople()).filter((p) => p.name === null).map((p) => p.id);

describe('annotatePeople', () => {
  it('asks once per unnamed person with their evidence, and stores a name, a description and nothing invented', async () => {
    const llm = scriptedLlm(namedAfterFolder);
    const progress: AnnotateProgress[] = [];
    const outcome = await annotatePeople(annotatePorts(lib, llm), { people: 'all-unnamed', concurrency: 3, applyMinConfidence: null, onProgress: (p) => progress.push(p) });
    const people = await unnamedIds();
    expect(people.length).toBe(10);
    expect(llm.requests).toHaveLength(10);
    expect(llm.requests.every((r) => r.system === PERSON_PROMPT_V1.system && r.user.includes('File names:'))).toBe(true);
    expect(outcome.annotated.map((a) => a.targetId).sort()).toEqual([...people].sort());
    expect(outcome).toMatchObject({ model: 'scripted-model', promptVersion: 'person-v1', skipped: [], failed: [], applied: [] });
    expect(outcome.promptTokens).toBe(llm.requests.reduce((sum, r) => sum + 100 + r.user.length, 0));
    expect(outcome.completionTokens).toBe(200);
    expect(progress.at(-1)).toMatchObject({ done: 10, total: 10, failed: 0 });

    const pending = await lib.backends.catalog.listSuggestions({ status: 'pending' });
    expect(pending).toHaveLength(20);
    expect(pending.map((s) => s.kind).sort()).toEqual([...Array(10).fill('description'), ...Array(10).fill('name')]);
    const [someone] = people;
    const photo = (await lib.backends.catalog.photosWithPeople([someone!]))[0]!;
    const folder = /(person\d+)\//.exec(photo.path)![1];
    const mine = await lib.backends.catalog.listSuggestions({ target: { type: 'person', id: someone! } });
    expect(mine.find((s) => s.kind === 'name')).toMatchObject({
      value: `Name ${folder}`,
      evidence: [`folder small/deepface/${folder}`],
      confidence: 0.9,
      model: 'scripted-model',
      promptVersion: 'person-v1',
      completionTokens: 20,
      ms: 50,
    });
  });

  it('does only what is missing on a rerun', async () => {
    const first = scriptedLlm(namedAfterFolder);
    const [one] = await unnamedIds();
    await annotatePeople(annotatePorts(lib, first), { people: [one!], concurrency: 1, applyMinConfidence: null });
    const second = scriptedLlm(namedAfterFolder);
    const outcome = await annotatePeople(annotatePorts(lib, second), { people: 'all-unnamed', concurrency: 2, applyMinConfidence: null });
    expect(outcome.skipped).toEqual([one]);
    expect(second.requests).toHaveLength(9);
    const third = scriptedLlm(namedAfterFolder);
    expect((await annotatePeople(annotatePorts(lib, third), { people: 'all-unnamed', concurrency: 2, applyMinConfidence: null })).annotated).toEqual([]);
    expect(third.requests).toHaveLength(0);
  });

  it('never suggests a rejected name again for that person', async () => {
    const [one] = await unnamedIds();
    await annotatePeople(annotatePorts(lib, scriptedLlm(namedAfterFolder)), { people: [one!], concurrency: 1, applyMinConfidence: null });
    const name = (await lib.backends.catalog.listSuggestions()).find((s) => s.kind === 'name')!;
    await rejectSuggestion(lib.backends.catalog, name.id);
    const v2 = { ...PERSON_PROMPT_V1, version: 'person-test-v2' };
    const shouting = scriptedLlm((request) => ({ ...namedAfterFolder(request), name: { ...namedAfterFolder(request).name, value: name.value.toUpperCase() } }));
    await annotatePeople(annotatePorts(lib, shouting), { people: [one!], concurrency: 1, applyMinConfidence: null, prompt: v2 });
    const again = await lib.backends.catalog.listSuggestions({ status: 'pending', target: { type: 'person', id: one! } });
    expect(shouting.requests).toHaveLength(1);
    expect(again.map((s) => s.kind)).toEqual(['description', 'description']);
  });

  it('leaves out a name the material does not bear out, and a companion\'s name', async () => {
    const { personId, otherFaceId } = await photoWithTwoFaces(lib);
    await lib.createPerson('Zoë Example', [otherFaceId]);
    const invented = scriptedLlm((request) => ({ ...namedAfterFolder(request), name: { value: 'Alice and Bob', evidence: ['Alice and Bob'], confidence: 1 } }));
    await annotatePeople(annotatePorts(lib, invented), { people: [personId], concurrency: 1, applyMinConfidence: null });
    const v2 = { ...PERSON_PROMPT_V1, version: 'person-test-v2' };
    const companion = scriptedLlm((request) => ({ ...namedAfterFolder(request), name: { value: 'zoë example', evidence: ['1 photo together'], confidence: 1 } }));
    await annotatePeople(annotatePorts(lib, companion), { people: [personId], concurrency: 1, applyMinConfidence: null, prompt: v2 });
    const stored = await lib.backends.catalog.listSuggestions({ target: { type: 'person', id: personId } });
    expect(stored.map((s) => s.kind)).toEqual(['description', 'description']);
  });

  it('keeps a relation to a named companion it was shown, by the name as the library spells it', async () => {
    const { personId, otherFaceId } = await photoWithTwoFaces(lib);
    await lib.createPerson('Zoë Example', [otherFaceId]);
    const llm = scriptedLlm((request) => ({ ...namedAfterFolder(request), name: null, relations: [{ person: 'zoë example', relation: 'sibling', evidence: ['1 photo together'] }] }));
    await annotatePeople(annotatePorts(lib, llm), { people: [personId], concurrency: 1, applyMinConfidence: null });
    expect(llm.requests[0]!.user).toContain('- Zoë Example (1 photo together)');
    const stored = await lib.backends.catalog.listSuggestions({ target: { type: 'person', id: personId } });
    expect(stored.map((s) => [s.kind, s.value])).toEqual([
      ['description', expect.any(String)],
      ['relation', 'sibling of Zoë Example'],
    ]);
  });

  it('suggests no name for a person the user has named, asked for by --person', async () => {
    const [one] = await unnamedIds();
    await (await lib.person(one!)).rename('Named By User');
    await annotatePeople(annotatePorts(lib, scriptedLlm(namedAfterFolder)), { people: [one!], concurrency: 1, applyMinConfidence: null });
    expect((await lib.backends.catalog.listSuggestions({ target: { type: 'person', id: one! } })).map((s) => s.kind)).toEqual(['description']);
  });

  it('reports a person whose replies break the schema and goes on with the others', async () => {
    const [bad] = await unnamedIds();
    const badFolder = /(person\d+)\//.exec((await lib.backends.catalog.photosWithPeople([bad!]))[0]!.path)![1];
    const llm = scriptedLlm((request) => {
      if (folderIn(request) === badFolder) throw new LlmReplyError('the reply broke the schema twice: description: too long');
      return namedAfterFolder(request);
    });
    const outcome = await annotatePeople(annotatePorts(lib, llm), { people: 'all-unnamed', concurrency: 2, applyMinConfidence: null });
    expect(outcome.failed).toEqual([{ targetId: bad, reason: expect.stringContaining('broke the schema') }]);
    expect(outcome.annotated).toHaveLength(9);
    expect(await lib.backends.catalog.listSuggestions({ target: { type: 'person', id: bad! } })).toEqual([]);
  });

  it('stops at an unreachable server naming it, keeps what was stored, and a rerun does the rest', async () => {
    const failing = scriptedLlm((request, call) => (call <= 3 ? namedAfterFolder(request) : unreachable()));
    const run = annotatePeople(annotatePorts(lib, failing), { people: 'all-unnamed', concurrency: 1, applyMinConfidence: null });
    await expect(run).rejects.toThrow(LlmError);
    await expect(run).rejects.toThrow(/http:\/\/scripted\.test\/v1.*suggestions for 3 people were stored/);
    expect(await lib.backends.catalog.suggestedTargets('person', 'person-v1')).toHaveLength(3);
    const working = scriptedLlm(namedAfterFolder);
    const rest = await annotatePeople(annotatePorts(lib, working), { people: 'all-unnamed', concurrency: 2, applyMinConfidence: null });
    expect(rest.skipped).toHaveLength(3);
    expect(working.requests).toHaveLength(7);
  });

  it('with --apply names people above the threshold as the user would, and leaves a taken name pending', async () => {
    const [first, second] = await unnamedIds();
    const llm = scriptedLlm((request) => ({ ...namedAfterFolder(request), name: { value: 'Deepface Example', evidence: ['small/deepface'], confidence: 0.95 } }));
    const outcome = await annotatePeople(annotatePorts(lib, llm), { people: [first!, second!], concurrency: 1, applyMinConfidence: 0.8 });
    expect(outcome.applied).toEqual([{ suggestionId: expect.any(String), targetId: first, kind: 'name', value: 'Deepface Example' }]);
    expect(outcome.notApplied).toEqual([{ suggestionId: expect.any(String), reason: expect.stringContaining('already used by person') }]);
    expect((await lib.findPerson('Deepface Example'))?.id).toBe(first);
    const descriptions = (await lib.backends.catalog.listSuggestions({ status: 'pending' })).filter((s) => s.kind === 'description');
    expect(descriptions).toHaveLength(2);
    expect((await lib.backends.catalog.getSuggestion(outcome.notApplied[0]!.suggestionId))?.status).toBe('pending');
  });

  it("cuts the evidence to the model's context and says so in what it sends", async () => {
    const [one] = (await lib.backends.catalog.listPeople()).sort((a, b) => b.photos - a.photos);
    const whole = fitEvidence(personEvidence(await gatherPersonFacts(lib.backends, one!.id)), 1_000_000);
    // The prompt, the reply and the template's reserve, plus room for all but the last few lines of the evidence.
    const overhead = estimateTokens(PERSON_PROMPT_V1.system) + PERSON_PROMPT_V1.maxTokens + 400;
    const llm = scriptedLlm(() => ({ name: null, description: 'someone', relations: [], confidence: 0.2 }), { contextTokens: overhead + whole.tokens + 60 - 20 });
    await annotatePeople(annotatePorts(lib, llm), { people: [one!.id], concurrency: 1, applyMinConfidence: null });
    expect(whole.cut).toBeNull();
    expect(llm.requests[0]!.user).toMatch(/Cut to fit the model's context: \d+ of \d+ file names left out\./);
    expect(llm.requests[0]!.user).toContain('small/deepface/person');
    expect(estimateTokens(llm.requests[0]!.user)).toBeLessThanOrEqual(whole.tokens + 20);
  });
});
