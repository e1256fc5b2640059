import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCliOk, type CliResult } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { callJson, expectProblem, getOk, type FaceBody, type PageBody, type PersonBody, type PhotoBody } from './support/library-api.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/*
 * The people routes against a real `facetag serve` on a scanned library (small/deepface). The tests run in order and
 * share the library: each correction picks people no earlier test changed, and the last test checks that all of
 * them survive `facetag recluster`.
 */
const photosDir = dataset('small', 'deepface');
let server: ServeProcess;
let env: NodeJS.ProcessEnv;
/** The people as first listed, most faces first. */
let initial: PersonBody[];

beforeAll(async () => {
  env = cliEnv(scannedLibraryCopy('deepface', photosDir));
  server = await startServe([], env);
  initial = (await getOk<PageBody<PersonBody>>(server, '/api/people?limit=500')).items;
  expect(initial.length).toBeGreaterThanOrEqual(9);
});
afterAll(async () => {
  await server?.stop();
});

const cli = (args: string[]): CliResult => runCliOk(args, env);

interface CliPerson {
  id: string;
  name: string | null;
  hidden: boolean;
  faces: number;
  photos: number;
}
const cliPeople = (): CliPerson[] => JSON.parse(cli(['people', '--all', '--json']).stdout) as CliPerson[];

async function facesOf(personId: string): Promise<FaceBody[]> {
  return (await getOk<PageBody<FaceBody>>(server, `/api/people/${personId}/faces?limit=500`)).items;
}

/** The photo folder a face's photo lies in: the dataset's truth about who it is. */
async function folderOf(face: FaceBody): Promise<string> {
  const photo = await getOk<PhotoBody>(server, `/api/photos/${face.photoId}`);
  return photo.path.split('/').at(-2)!;
}

describe('GET /api/faces/unassigned', () => {
  it('lists every face of no one once, similar faces side by side, the same order on every page', async () => {
    const exported = JSON.parse(cli(['export', '--format', 'json']).stdout) as { photos: { faces: { id: string; personId: string | null }[] }[] };
    const unassigned = exported.photos.flatMap((p) => p.faces).filter((f) => f.personId === null).map((f) => f.id);
    const all = await getOk<PageBody<FaceBody>>(server, '/api/faces/unassigned?limit=500');
    expect(all.total).toBe(unassigned.length);
    expect(all.items.map((f) => f.id).sort()).toEqual([...unassigned].sort());
    expect(all.items.every((f) => f.personId === null && f.personName === null)).toBe(true);

    const pages = [];
    for (let offset = 0; offset < all.total; offset += 5) {
      pages.push(...(await getOk<PageBody<FaceBody>>(server, `/api/faces/unassigned?offset=${offset}&limit=5`)).items);
    }
    expect(pages.map((f) => f.id)).toEqual(all.items.map((f) => f.id));

    // The dataset keeps one person per folder: neighbours in the list should mostly be the same person.
    const sameAsNext = (folders: string[]) => folders.slice(1).filter((folder, i) => folder === folders[i]).length;
    const grouped = await Promise.all(all.items.map(folderOf));
    const byQualityOnly = await Promise.all([...all.items].sort((a, b) => b.quality.overall - a.quality.overall).map(folderOf));
    expect(sameAsNext(grouped), grouped.join(' ')).toBeGreaterThanOrEqual(3);
    expect(sameAsNext(grouped)).toBeGreaterThan(sameAsNext(byQualityOnly));
    await expectProblem(server, 'GET', '/api/faces/unassigned?limit=501', 400);
  });
});

describe('GET /api/people', () => {
  it('lists the people facetag people lists, most faces first, in pages', async () => {
    const fromCli = cliPeople().filter((p) => !p.hidden);
    expect(initial.map((p) => [p.id, p.name, p.faces, p.photos])).toEqual(fromCli.map((p) => [p.id, p.name, p.faces, p.photos]));
    const page = await getOk<PageBody<PersonBody>>(server, '/api/people?offset=2&limit=3');
    expect(page.total).toBe(initial.length);
    expect(page.items).toEqual(initial.slice(2, 5));
    expect((await getOk<PageBody<PersonBody>>(server, '/api/people?limit=0')).items).toEqual([]);
  });

  it('gives each person the best-quality face as cover', async () => {
    for (const person of initial.slice(0, 4)) {
      const best = (await getOk<PageBody<FaceBody>>(server, `/api/people/${person.id}/faces?order=quality&limit=1`)).items[0]!;
      expect(person.coverFaceId).toBe(best.id);
    }
  });

  it('refuses bad paging and unknown sorts or filters with 400', async () => {
    for (const query of ['limit=501', 'offset=-1', 'limit=ten', 'sort=age', 'filter=famous']) {
      expect(await expectProblem(server, 'GET', `/api/people?${query}`, 400)).toMatch(/querystring/);
    }
  });
});

describe('one person', () => {
  it('answers 400 for a malformed id and 404 for an unknown one, on every person route', async () => {
    expect(await expectProblem(server, 'GET', '/api/people/p999999', 404)).toContain('p999999');
    for (const bad of ['x', 'p1x', '..%2f..%2fetc%2fpasswd', "p1'%20OR%20'1'='1"]) {
      expect(await expectProblem(server, 'GET', `/api/people/${bad}`, 400)).toMatch(/params\/id/);
    }
    const unknown = '/api/people/p999999';
    await expectProblem(server, 'PATCH', unknown, 404, { hidden: true });
    await expectProblem(server, 'GET', `${unknown}/faces`, 404);
    await expectProblem(server, 'GET', `${unknown}/timeline`, 404);
    await expectProblem(server, 'GET', `${unknown}/companions`, 404);
    await expectProblem(server, 'POST', `${unknown}/merge`, 404, { from: [initial[0]!.id] });
    await expectProblem(server, 'POST', `/api/people/${initial[0]!.id}/merge`, 404, { from: ['p999999'] });
    await expectProblem(server, 'POST', `${unknown}/split`, 404, { faceIds: [initial[0]!.coverFaceId] });
    await expectProblem(server, 'POST', `${unknown}/reject`, 404, { faceIds: [initial[0]!.coverFaceId] });
    await expectProblem(server, 'PATCH', `/api/people/${initial[0]!.id}`, 400, { colour: 'red' });
  });

  it("lists a person's faces by quality or least similar first, each with its similarity to the person's mean", async () => {
    const person = initial[0]!;
    const byQuality = await getOk<PageBody<FaceBody>>(server, `/api/people/${person.id}/faces`);
    expect(byQuality.total).toBe(person.faces);
    const qualities = byQuality.items.map((f) => f.quality.overall);
    expect(qualities).toEqual([...qualities].sort((a, b) => b - a));
    const leastSimilar = (await getOk<PageBody<FaceBody>>(server, `/api/people/${person.id}/faces?order=least-similar`)).items;
    const similarities = leastSimilar.map((f) => f.similarity!);
    expect(similarities).toEqual([...similarities].sort((a, b) => a - b));
    expect(leastSimilar.map((f) => f.id).sort()).toEqual(byQuality.items.map((f) => f.id).sort());
    // One person's faces resemble their mean far more than strangers do (w600k strangers stay below ~0.36).
    expect(Math.min(...similarities)).toBeGreaterThan(0.4);
    expect(Math.max(...similarities)).toBeLessThanOrEqual(1);
    expect(byQuality.items.every((f) => f.personId === person.id && f.source === 'auto')).toBe(true);
    await expectProblem(server, 'GET', `/api/people/${person.id}/faces?order=random`, 400);
  });

  it('gives the timeline in capture order and the companions facetag person shows', async () => {
    for (const person of initial.slice(0, 3)) {
      const timeline = (await getOk<{ items: PhotoBody[] }>(server, `/api/people/${person.id}/timeline`)).items;
      expect(timeline.length).toBe(person.photos);
      const fromCli = JSON.parse(cli(['person', 'timeline', person.id, '--json']).stdout) as { sha256: string }[];
      expect(timeline.map((p) => p.id)).toEqual(fromCli.map((p) => p.sha256));
      const dated = timeline.filter((p) => p.takenAt !== null).map((p) => p.takenAt!);
      expect(dated).toEqual([...dated].sort());
      expect(timeline.slice(dated.length).every((p) => p.takenAt === null)).toBe(true);
      const companions = (await getOk<{ items: unknown[] }>(server, `/api/people/${person.id}/companions`)).items;
      expect(companions).toEqual(JSON.parse(cli(['person', 'with', person.id, '--json']).stdout));
    }
  });
});

const LITERAL_NAMES = ["'); DROP TABLE people;--", '" OR 1=1', '}) MATCH (n) DETACH DELETE n //', 'Zoë "Zee" O\'Brien-Ångström 🎉'];

describe('naming', () => {
  it('stores names byte for byte, as facetag people shows them', async () => {
    const people = initial.slice(5, 5 + LITERAL_NAMES.length);
    for (const [i, name] of LITERAL_NAMES.entries()) {
      const renamed = await callJson<PersonBody>(server, 'PATCH', `/api/people/${people[i]!.id}`, { name });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe(name);
      expect((await getOk<PersonBody>(server, `/api/people/${people[i]!.id}`)).name).toBe(name);
    }
    const fromCli = new Map(cliPeople().map((p) => [p.id, p.name]));
    for (const [i, name] of LITERAL_NAMES.entries()) expect(fromCli.get(people[i]!.id)).toBe(name);
    // Nothing was dropped or deleted along the way.
    expect((await getOk<PageBody<PersonBody>>(server, '/api/people')).total).toBe(initial.length);
    const found = (await getOk<{ people: PersonBody[] }>(server, `/api/search?q=${encodeURIComponent('drop table')}`)).people;
    expect(found.map((p) => p.id)).toEqual([people[0]!.id]);
    expect((await getOk<{ people: PersonBody[] }>(server, `/api/search?q=${encodeURIComponent('ÅNGSTRÖM')}`)).people.map((p) => p.id)).toEqual([people[3]!.id]);
    expect((await getOk<{ people: PersonBody[] }>(server, '/api/search?q=nobody-is-called-this')).people).toEqual([]);
  });

  it('refuses a name another person has, ignoring case, with 409 and changes nothing', async () => {
    const [a, b] = [initial[4]!, initial[5]!];
    expect((await callJson<PersonBody>(server, 'PATCH', `/api/people/${a.id}`, { name: 'Beatrix' })).status).toBe(200);
    expect(await expectProblem(server, 'PATCH', `/api/people/${b.id}`, 409, { name: 'BEATRIX' })).toContain(a.id);
    expect((await getOk<PersonBody>(server, `/api/people/${b.id}`)).name).toBe(LITERAL_NAMES[0]);
    const before = (await getOk<PageBody<PersonBody>>(server, '/api/people?filter=unnamed')).total;
    await expectProblem(server, 'POST', '/api/people', 409, { name: 'beatrix', faceIds: [] });
    expect((await getOk<PageBody<PersonBody>>(server, '/api/people?filter=unnamed')).total).toBe(before);
    expect(cliPeople().length).toBe(initial.length);
    for (const name of ['two\nlines', '', 'x'.repeat(201)]) await expectProblem(server, 'PATCH', `/api/people/${b.id}`, 400, { name });
  });

  it('filters named, unnamed and hidden people, sorts by name and finds names by part', async () => {
    const named = (await getOk<PageBody<PersonBody>>(server, '/api/people?filter=named&sort=name&limit=500')).items;
    expect(named.length).toBe(LITERAL_NAMES.length + 1);
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    expect(named.map((p) => p.name)).toEqual(named.map((p) => p.name!).sort(collator.compare));
    const unnamed = (await getOk<PageBody<PersonBody>>(server, '/api/people?filter=unnamed&limit=500')).items;
    expect(unnamed.every((p) => p.name === null)).toBe(true);
    expect(named.length + unnamed.length).toBe(initial.length);
    const byPart = (await getOk<PageBody<PersonBody>>(server, '/api/people?q=TRIX')).items;
    expect(byPart.map((p) => p.id)).toEqual([initial[4]!.id]);

    const hidden = initial[4]!;
    expect((await callJson<PersonBody>(server, 'PATCH', `/api/people/${hidden.id}`, { hidden: true })).body.hidden).toBe(true);
    expect((await getOk<PageBody<PersonBody>>(server, '/api/people?limit=500')).items.map((p) => p.id)).not.toContain(hidden.id);
    expect((await getOk<PageBody<PersonBody>>(server, '/api/people?filter=hidden')).items.map((p) => p.id)).toEqual([hidden.id]);
    expect(cli(['people']).stdout).not.toContain('Beatrix');
    // Un-naming and showing again in one request.
    const shown = await callJson<PersonBody>(server, 'PATCH', `/api/people/${hidden.id}`, { name: null, hidden: false });
    expect(shown.body).toMatchObject({ id: hidden.id, name: null, hidden: false });
    expect(cliPeople().find((p) => p.id === hidden.id)!.name).toBeNull();
  });
});

/** What the corrections below did, checked again after `facetag recluster`. */
const done = { merged: { into: '', from: '', faces: [] as string[] }, split: { from: '', into: '', face: '' }, rejected: { from: '', face: '' }, moved: { to: '', face: '' } };

describe('corrections', () => {
  it('merges people: the faces of both in one, the other gone', async () => {
    const [into, from] = [initial[0]!, initial[1]!];
    const fromFaces = new Set((await facesOf(from.id)).map((f) => f.id));
    const merged = await callJson<PersonBody>(server, 'POST', `/api/people/${into.id}/merge`, { from: [from.id] });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: into.id, faces: into.faces + from.faces });
    await expectProblem(server, 'GET', `/api/people/${from.id}`, 404);
    await expectProblem(server, 'POST', `/api/people/${into.id}/merge`, 400, { from: [into.id] });
    const faces = await facesOf(into.id);
    // The merged person's faces are now the user's decision; the ones it had keep their source.
    expect(faces.filter((f) => fromFaces.has(f.id)).map((f) => f.source)).toEqual([...fromFaces].map(() => 'user'));
    done.merged = { into: into.id, from: from.id, faces: faces.map((f) => f.id) };
  });

  it('splits faces off into a new person', async () => {
    const person = initial[2]!;
    const [face] = await facesOf(person.id);
    const split = await callJson<PersonBody>(server, 'POST', `/api/people/${person.id}/split`, { faceIds: [face!.id] });
    expect(split.status).toBe(201);
    expect(split.body).toMatchObject({ faces: 1, photos: 1, name: null, coverFaceId: face!.id });
    expect(split.body.id).not.toBe(person.id);
    expect((await getOk<PersonBody>(server, `/api/people/${person.id}`)).faces).toBe(person.faces - 1);
    // The face is no longer the old person's: a second split of it is a conflict, not a silent success.
    await expectProblem(server, 'POST', `/api/people/${person.id}/split`, 409, { faceIds: [face!.id] });
    await expectProblem(server, 'POST', `/api/people/${person.id}/split`, 400, { faceIds: [] });
    done.split = { from: person.id, into: split.body.id, face: face!.id };
  });

  it('rejects faces: they leave the person, unknown ones are 404 and foreign ones 409', async () => {
    const person = initial[3]!;
    const faces = await facesOf(person.id);
    const face = faces.at(-1)!;
    const rejected = await callJson<{ rejected: number }>(server, 'POST', `/api/people/${person.id}/reject`, { faceIds: [face.id] });
    expect(rejected).toEqual({ status: 200, body: { rejected: 1 } });
    expect((await getOk<FaceBody>(server, `/api/faces/${face.id}`)).personId).not.toBe(person.id);
    expect((await getOk<PersonBody>(server, `/api/people/${person.id}`)).faces).toBe(faces.length - 1);
    await expectProblem(server, 'POST', `/api/people/${person.id}/reject`, 409, { faceIds: [face.id] });
    await expectProblem(server, 'POST', `/api/people/${person.id}/reject`, 404, { faceIds: [`${'0'.repeat(16)}.yunet-scrfd500m-w600k.0`] });
    await expectProblem(server, 'POST', `/api/people/${person.id}/reject`, 400, { faceIds: ['../../etc/passwd'] });
    done.rejected = { from: person.id, face: face.id };
  });

  it("moves faces of no one into a person as the user's decision, and creates a person from faces", async () => {
    const [first, second] = (await getOk<PageBody<FaceBody>>(server, '/api/faces/unassigned?limit=2')).items;
    const to = initial[6]!;
    const moved = await callJson<PersonBody>(server, 'POST', '/api/faces/move', { faceIds: [first!.id], to: to.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: to.id, faces: to.faces + 1 });
    expect(await getOk<FaceBody>(server, `/api/faces/${first!.id}`)).toMatchObject({ personId: to.id, personName: LITERAL_NAMES[1], source: 'user' });
    await expectProblem(server, 'POST', '/api/faces/move', 404, { faceIds: [first!.id], to: 'p999999' });
    await expectProblem(server, 'POST', '/api/faces/move', 400, { faceIds: [first!.id], to: 'Alice' });
    done.moved = { to: to.id, face: first!.id };

    const created = await callJson<PersonBody>(server, 'POST', '/api/people', { name: 'Found Later', faceIds: [second!.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Found Later', faces: 1, coverFaceId: second!.id, hidden: false });
    expect((await getOk<FaceBody>(server, `/api/faces/${second!.id}`)).personId).toBe(created.body.id);
    const nameless = await callJson<PersonBody>(server, 'POST', '/api/people', {});
    expect(nameless.status).toBe(201);
    expect(nameless.body).toMatchObject({ name: null, faces: 0, coverFaceId: null });
  });

  it('keeps every correction through facetag recluster (names, merge, split, reject, move)', async () => {
    cli(['recluster']);
    const people = new Map(cliPeople().map((p) => [p.id, p]));
    expect(people.has(done.merged.from)).toBe(false);
    const mergedFaces = new Set((await facesOf(done.merged.into)).map((f) => f.id));
    for (const id of done.merged.faces) expect(mergedFaces.has(id)).toBe(true);

    expect((await facesOf(done.split.into)).map((f) => f.id)).toContain(done.split.face);
    expect((await facesOf(done.split.from)).map((f) => f.id)).not.toContain(done.split.face);
    expect((await getOk<FaceBody>(server, `/api/faces/${done.rejected.face}`)).personId).not.toBe(done.rejected.from);
    expect((await getOk<FaceBody>(server, `/api/faces/${done.moved.face}`)).personId).toBe(done.moved.to);
    for (const [i, name] of LITERAL_NAMES.entries()) expect(people.get(initial[5 + i]!.id)?.name).toBe(name);
  });
});

describe('GET /api/graph', () => {
  it('has the visible people as nodes and pairs sharing photos as edges, as companions count them', async () => {
    const graph = await getOk<{ nodes: { id: string; faces: number; photos: number }[]; edges: { source: string; target: string; photos: number }[] }>(server, '/api/graph');
    const visible = (await getOk<PageBody<PersonBody>>(server, '/api/people?limit=500')).items;
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(visible.map((p) => p.id).sort());
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const edge of graph.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
      expect(Number(edge.source.slice(1))).toBeLessThan(Number(edge.target.slice(1)));
      expect(edge.photos).toBeGreaterThan(0);
    }
    for (const person of visible.slice(0, 3)) {
      const companions = (await getOk<{ items: { personId: string; photos: number }[] }>(server, `/api/people/${person.id}/companions`)).items;
      const edges = graph.edges.filter((e) => e.source === person.id || e.target === person.id);
      expect(edges.map((e) => [e.source === person.id ? e.target : e.source, e.photos]).sort()).toEqual(
        companions.filter((c) => ids.has(c.personId)).map((c) => [c.personId, c.photos]).sort(),
      );
    }
  });
});
