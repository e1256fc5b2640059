import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCliOk, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { callJson, expectProblem, getOk, type FaceBody, type PageBody, type PersonBody, type PhotoBody } from './support/library-api.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/*
 * The review routes against a real `facetag serve` on small/deepface scanned with the default pack. Its clustering is
 * nearly perfect (no questions), so the tests first do what leaves doubt in a real library: a user names one face of
 * five people by hand (POST /api/people with that face, as on the unknown-faces page), leaving the rest of each in an
 * unnamed cluster beside a named person of one face; names one of two unknown faces of people seen twice; and moves
 * two faces of one person into another by mistake, twice.
 * Then a truthful user (the dataset's folders say who is who) answers the questions. The tests run in order and share
 * the library.
 */
const photosDir = dataset('small', 'deepface');
let server: ServeProcess;
let env: NodeJS.ProcessEnv;

interface Progress {
  answered: number;
  remaining: number;
  facesSettled: number;
  facesTotal: number;
  questionsFor90: number | null;
}
type Question =
  | { id: string; kind: 'face-person'; face: FaceBody; person: PersonBody; similarity: number }
  | { id: string; kind: 'same-person'; a: PersonBody; b: PersonBody; aFaces: FaceBody[]; bFaces: FaceBody[]; similarity: number };
interface Next {
  questions: Question[];
  progress: Progress;
}

beforeAll(async () => {
  env = cliEnv(scannedLibraryCopy('deepface', photosDir));
  server = await startServe([], env);
});
afterAll(async () => {
  await server?.stop();
});

const cli = (args: string[]): CliResult => runCliOk(args, env);

const cliPeople = () => JSON.parse(cli(['people', '--all', '--json']).stdout) as { id: string; name: string | null; faces: number }[];

const folderOfPhoto = new Map<string, string>();
/** The photo folder a face's photo lies in: the dataset's truth about who it is. */
async function folderOf(face: FaceBody): Promise<string> {
  if (!folderOfPhoto.has(face.photoId)) {
    folderOfPhoto.set(face.photoId, (await getOk<PhotoBody>(server, `/api/photos/${face.photoId}`)).path.split('/').at(-2)!);
  }
  return folderOfPhoto.get(face.photoId)!;
}

/** Who a person is: the folder most of its faces come from. */
async function identityOf(personId: string): Promise<string> {
  const faces = (await getOk<PageBody<FaceBody>>(server, `/api/people/${personId}/faces?limit=500`)).items;
  const counts = new Map<string, number>();
  for (const face of faces) counts.set(await folderOf(face), (counts.get(await folderOf(face)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

async function truthfulAnswer(q: Question): Promise<'yes' | 'no'> {
  if (q.kind === 'face-person') return (await folderOf(q.face)) === (await identityOf(q.person.id)) ? 'yes' : 'no';
  return (await identityOf(q.a.id)) === (await identityOf(q.b.id)) ? 'yes' : 'no';
}

const next = (count = 50) => getOk<Next>(server, `/api/review/next?count=${count}`);
const answer = (questionId: string, answer: string) => callJson<{ applied: boolean; progress: Progress }>(server, 'POST', '/api/review/answers', { questionId, answer });

const NAMES = ['Ana', 'Bo "the Bear"', "O'Neil", 'Zoë', '李'];
/** What each answered question was, for the checks after `facetag recluster`. */
const answered: { question: Question; answer: 'yes' | 'no' }[] = [];
let before: { id: string; name: string | null; faces: number }[];

describe('review queue over HTTP', () => {
  it('answers with questions and progress in the contract shape', async () => {
    const { questions, progress } = await next();
    const faces = (JSON.parse(cli(['export', '--format', 'json']).stdout) as { photos: { faces: unknown[] }[] }).photos.flatMap((p) => p.faces);
    expect(progress).toMatchObject({ answered: 0, remaining: questions.length, facesTotal: faces.length });
    expect(progress.facesSettled).toBeLessThanOrEqual(progress.facesTotal);
    for (const q of questions) expect(q.id).toMatch(/^(fp|pp):/);
    expect((await next(1)).questions.length).toBe(Math.min(1, questions.length));
    await expectProblem(server, 'GET', '/api/review/next?count=0', 400);
    await expectProblem(server, 'GET', '/api/review/next?count=51', 400);
  });

  it('asks first whether a person named from one face is the unnamed cluster of the same person', async () => {
    before = cliPeople();
    const people = (await getOk<PageBody<PersonBody>>(server, '/api/people?limit=500')).items.filter((p) => p.faces >= 3);
    expect(people.length).toBeGreaterThanOrEqual(NAMES.length + 4);
    const facesOf = async (id: string) => (await getOk<PageBody<FaceBody>>(server, `/api/people/${id}/faces?limit=500`)).items;
    for (const [i, person] of people.slice(0, NAMES.length).entries()) {
      const created = await callJson<PersonBody>(server, 'POST', '/api/people', { name: NAMES[i], faceIds: [(await facesOf(person.id))[0]!.id] });
      expect(created.status).toBe(201);
    }
    const mistakes = [people.slice(NAMES.length, NAMES.length + 2), people.slice(NAMES.length + 2, NAMES.length + 4)];
    for (const [into, from] of mistakes) {
      const moved = await callJson(server, 'POST', '/api/faces/move', { faceIds: (await facesOf(from!.id)).slice(0, 2).map((f) => f.id), to: into!.id });
      expect(moved.status).toBe(200);
    }
    // And names one of two unknown faces of someone clustering left alone (two photos are too few for a person).
    const unknown = (await getOk<PageBody<FaceBody>>(server, '/api/faces/unassigned?limit=500')).items;
    const byFolder = new Map<string, FaceBody[]>();
    for (const face of unknown) byFolder.set(await folderOf(face), [...(byFolder.get(await folderOf(face)) ?? []), face]);
    const pairs = [...byFolder.values()].filter((faces) => faces.length >= 2);
    expect(pairs.length).toBeGreaterThanOrEqual(2);
    for (const [i, [first]] of pairs.entries()) {
      expect((await callJson(server, 'POST', '/api/people', { name: `Unknown ${i + 1}`, faceIds: [first!.id] })).status).toBe(201);
    }
    const { questions, progress } = await next();
    expect(progress.remaining).toBeGreaterThanOrEqual(10);
    expect(progress.questionsFor90).not.toBeNull();
    for (const q of questions.slice(0, NAMES.length)) {
      expect(q.kind).toBe('same-person');
      if (q.kind !== 'same-person') continue;
      expect([q.a.name, q.b.name].filter((n) => n !== null)).toHaveLength(1);
      expect(q.aFaces.length + q.bFaces.length).toBeGreaterThan(0);
      expect(await truthfulAnswer(q)).toBe('yes');
    }
    // The mistakes make the two people look alike: asked too, and the truth is no.
    for (const [into, from] of mistakes) {
      const pair = questions.find((q) => q.kind === 'same-person' && [q.a.id, q.b.id].sort().join() === [into!.id, from!.id].sort().join());
      expect(pair, `${into!.id} and ${from!.id}`).toBeDefined();
      expect(await truthfulAnswer(pair!)).toBe('no');
    }
  });

  it('takes ten truthful answers; an answered question never comes back', async () => {
    for (let i = 0; i < 10; i++) {
      const [q] = (await next(1)).questions;
      expect(q, `the queue ran dry after ${i} answers`).toBeDefined();
      const truth = await truthfulAnswer(q!);
      const res = await answer(q!.id, truth);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ applied: true, progress: { answered: i + 1 } });
      answered.push({ question: q!, answer: truth });
      const ids = (await next()).questions.map((x) => x.id);
      for (const done of answered) expect(ids).not.toContain(done.question.id);
    }
  });

  it('goes on until the queue is empty; the "no" answers do not return either', async () => {
    for (let i = 0; i < 40; i++) {
      const [q] = (await next(1)).questions;
      if (!q) break;
      const truth = await truthfulAnswer(q);
      expect((await answer(q.id, truth)).status).toBe(200);
      answered.push({ question: q, answer: truth });
      const ids = (await next()).questions.map((x) => x.id);
      for (const done of answered) expect(ids).not.toContain(done.question.id);
    }
    const { questions, progress } = await next();
    expect(questions).toEqual([]);
    expect(progress).toMatchObject({ answered: answered.length, remaining: 0, facesSettled: progress.facesTotal });
    expect(answered.some((a) => a.answer === 'yes')).toBe(true);
    expect(answered.some((a) => a.answer === 'no')).toBe(true);
  });

  it('refuses a stale or malformed answer: 409 for an answered question, 400 for a bad id, 404 for an unknown face', async () => {
    const merged = answered.find((a) => a.question.kind === 'same-person' && a.answer === 'yes')!;
    expect(await expectProblem(server, 'POST', '/api/review/answers', 409, { questionId: merged.question.id, answer: 'no' })).toMatch(/no longer applies/);
    await expectProblem(server, 'POST', '/api/review/answers', 400, { questionId: 'fp:../../etc/passwd:p1', answer: 'yes' });
    await expectProblem(server, 'POST', '/api/review/answers', 400, { questionId: 'pp:p2:p1', answer: 'yes' });
    await expectProblem(server, 'POST', '/api/review/answers', 400, { questionId: merged.question.id, answer: 'maybe' });
    await expectProblem(server, 'POST', '/api/review/answers', 404, { questionId: 'fp:0000000000000000.yunet-scrfd500m-w600k.0:p1', answer: 'yes' });
    const pair = (await next()).questions.find((q) => q.kind === 'same-person');
    if (pair) await expectProblem(server, 'POST', '/api/review/answers', 400, { questionId: pair.id, answer: 'not-a-face' });
  });

  it('undoes the latest answers so their questions return, and skips to the end', async () => {
    const total = answered.length;
    const [last, previous] = [answered.at(-1)!, answered.at(-2)!];
    for (const [i, undone] of [last, previous].entries()) {
      const undo = await callJson<{ undone: string | null; progress: Progress }>(server, 'POST', '/api/review/undo');
      expect(undo.body).toMatchObject({ undone: undone.question.id, progress: { answered: total - 1 - i } });
      expect((await next()).questions.map((q) => q.id)).toContain(undone.question.id);
    }
    const { questions } = await next();
    expect(questions.length).toBeGreaterThan(1);
    const skip = await answer(questions[0]!.id, 'skip');
    expect(skip.body).toMatchObject({ applied: false, progress: { answered: total - 2 } });
    expect((await next()).questions.at(-1)!.id).toBe(questions[0]!.id);
    const undoSkip = await callJson<{ undone: string | null }>(server, 'POST', '/api/review/undo');
    expect(undoSkip.body.undone).toBe(questions[0]!.id);
    expect((await next()).questions[0]!.id).toBe(questions[0]!.id);
    for (const again of [previous, last]) expect((await answer(again.question.id, again.answer)).status).toBe(200);
    expect((await next()).questions).toEqual([]);
  });

  it('shows in `facetag people`: each named person holds its whole cluster, the unnamed clusters are gone', async () => {
    const now = cliPeople();
    for (const merge of answered.filter((a) => a.question.kind === 'same-person' && a.answer === 'yes')) {
      const q = merge.question as Extract<Question, { kind: 'same-person' }>;
      const [named, unnamed] = q.a.name !== null ? [q.a, q.b] : [q.b, q.a];
      const person = now.find((p) => p.name === named.name);
      expect(person, named.name!).toBeDefined();
      expect(person!.faces).toBe(named.faces + unnamed.faces);
      expect(now.find((p) => p.id === unnamed.id)).toBeUndefined();
      // The cluster was the whole person before the one face was named apart.
      expect(before.find((p) => p.id === unnamed.id)!.faces).toBe(person!.faces);
    }
  });

  it('keeps every answer through `facetag recluster`: no question returns, no rejected face goes back', async () => {
    const named = cliPeople().filter((p) => p.name !== null);
    cli(['recluster']);
    // Merged faces are the user's: a re-cluster keeps every named person whole.
    expect(cliPeople().filter((p) => p.name !== null)).toEqual(named);
    for (const { question, answer } of answered) {
      if (question.kind !== 'same-person' || answer !== 'no') continue;
      // "Different people": neither side's faces were given to the other.
      for (const face of question.aFaces) expect((await getOk<FaceBody>(server, `/api/faces/${face.id}`)).personId).not.toBe(question.b.id);
      for (const face of question.bFaces) expect((await getOk<FaceBody>(server, `/api/faces/${face.id}`)).personId).not.toBe(question.a.id);
    }
    const ids = (await next()).questions.map((q) => q.id);
    for (const done of answered) expect(ids).not.toContain(done.question.id);
    for (const { question, answer } of answered) {
      if (question.kind !== 'face-person') continue;
      const face = await getOk<FaceBody>(server, `/api/faces/${question.face.id}`);
      if (answer === 'yes') expect(face).toMatchObject({ personId: question.person.id, source: 'user' });
      else expect(face.personId).not.toBe(question.person.id);
    }
  });
});
