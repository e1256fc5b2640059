import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetagLibrary } from '../../src/api/facetag-library.js';
import { askLibrary } from '../../src/annotate/ask-library.js';
import type { AskQuery } from '../../src/annotate/prompts/ask-v1.js';
import { openDeepfaceCopy } from './support/deepface-library.js';
import { scriptedLlm } from './support/scripted-llm.js';

/*
 * `facetag ask` on a scanned small/deepface with two people named by the user; a scripted test-only model returns
 * the search a model would make of the question, so what runs on the catalog can be checked exactly.
 */
let lib: FacetagLibrary;
let alice: string;
let bob: string;

beforeAll(async () => {
  lib = await openDeepfaceCopy();
  const people = await lib.allPeople();
  alice = people[0]!.id;
  bob = people[1]!.id;
  await (await lib.person(alice)).rename('Alice Example');
  await (await lib.person(bob)).rename('Bob');
});
afterAll(async () => {
  await lib?.close();
});

const none: AskQuery = { people: [], unknownPeople: [], from: null, to: null, place: null, words: [] };
const ask = (query: Partial<AskQuery>, question = 'a question') => {
  const llm = scriptedLlm(() => ({ ...none, ...query }));
  return { llm, answer: askLibrary({ catalog: lib.backends.catalog, llm }, question) };
};

describe('askLibrary', () => {
  it("shows the model the question and the library's names, and runs the people search of facetag photos", async () => {
    const { llm, answer } = ask({ people: ['alice example'] }, 'photos of Alice');
    const result = await answer;
    expect(llm.requests[0]!.user).toMatch(/^Question: photos of Alice\n\nNamed people in the library:\n- (Alice Example|Bob)\n- (Alice Example|Bob)$/);
    expect(result.query.people).toEqual([{ id: alice, name: 'Alice Example' }]);
    expect(result.refusal).toBeNull();
    expect(result.photos.map((p) => p.sha256).sort()).toEqual((await lib.photoRecordsShowing([alice])).map((p) => p.sha256).sort());
    expect(result.photos.length).toBeGreaterThan(0);
  });

  it('says so when the question names someone the library does not know, and lists nothing', async () => {
    const result = await ask({ people: ['Bob'], unknownPeople: ['Zed'] }).answer;
    expect(result.unknownPeople).toEqual(['Zed']);
    expect(result.refusal).toBe('no one called "Zed" in this library');
    expect(result.photos).toEqual([]);
    // A name the model put among the known ones but nobody has is caught the same way.
    expect((await ask({ people: ['Carol'] }).answer).refusal).toBe('no one called "Carol" in this library');
  });

  it('refuses a question with nothing to search for rather than listing the whole library', async () => {
    const result = await ask({}).answer;
    expect(result.refusal).toMatch(/names no one and nothing/);
    expect(result.photos).toEqual([]);
  });

  it('narrows by capture dates and by words in folder and file names', async () => {
    const all = await lib.backends.catalog.listPhotos();
    const dated = all.filter((p) => p.takenAt !== null && p.takenAt.startsWith('2019'));
    expect(dated.length).toBeGreaterThan(0);
    const in2019 = await ask({ from: '2019-01-01', to: '2019-12-31' }).answer;
    expect(in2019.photos.map((p) => p.sha256).sort()).toEqual(dated.map((p) => p.sha256).sort());
    const folder = await ask({ words: ['PERSON01'] }).answer;
    expect(folder.photos.length).toBe(all.filter((p) => p.path.includes('/person01/')).length);
    expect(folder.photos.every((p) => p.path.includes('/person01/'))).toBe(true);
    expect((await ask({ words: ['person01', 'PERSON01', 'img'] }).answer).query.words).toEqual(['person01', 'img']);
    expect((await ask({ people: ['Bob'], words: ['no-such-word'] }).answer).photos).toEqual([]);
  });

  it('finds photos by a caption suggested for them, unless the user rejected it', async () => {
    const [photo] = await lib.backends.catalog.listPhotos();
    const common = { model: 'm', promptVersion: 'photo-test', promptTokens: 1, completionTokens: 1, ms: 1, evidence: [], confidence: 0.5 };
    const [caption] = await lib.backends.catalog.addSuggestions([{ ...common, target: { type: 'photo', id: photo!.sha256 }, kind: 'caption', value: 'A picnic by the lake' }]);
    expect((await ask({ words: ['picnic'] }).answer).photos.map((p) => p.sha256)).toEqual([photo!.sha256]);
    await lib.backends.catalog.decideSuggestion(caption!, 'rejected');
    expect((await ask({ words: ['picnic'] }).answer).photos).toEqual([]);
  });

  it('refuses an empty or overlong question before asking the model', async () => {
    const llm = scriptedLlm(() => none);
    await expect(askLibrary({ catalog: lib.backends.catalog, llm }, '  ')).rejects.toThrow(/ask a question/);
    await expect(askLibrary({ catalog: lib.backends.catalog, llm }, 'x'.repeat(501))).rejects.toThrow(/at most 500/);
    expect(llm.requests).toEqual([]);
  });
});
