import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacetagLibrary } from '../../src/api/facetag-library.js';
import { annotatePorts } from '../../src/api/suggestion-ports.js';
import { annotatePeople } from '../../src/annotate/annotate-people.js';
import { folderIn, scriptedLlm } from '../annotate/support/scripted-llm.js';
import { cliEnv } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { callJson, expectProblem, getOk, type PersonBody } from './support/library-api.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

/*
 * GET /api/suggestions, POST /api/suggestions/:id/accept|reject and GET /api/ask against a real `facetag serve` on
 * small/deepface, whose suggestions were stored by the annotate service with a scripted test-only model.
 */
let server: ServeProcess;
let env: NodeJS.ProcessEnv;
let annotated: string[];

interface SuggestionBody {
  id: string;
  personId?: string;
  photoId?: string;
  kind: string;
  value: string;
  evidence: string[];
  confidence: number;
  model: string;
}

beforeAll(async () => {
  const dir = scannedLibraryCopy('deepface', dataset('small', 'deepface'));
  const lib = await FacetagLibrary.open({ library: dir, env: {} });
  try {
    annotated = (await lib.allPeople()).slice(0, 2).map((p) => p.id);
    const llm = scriptedLlm((request) => ({
      name: { value: `Folder ${folderIn(request)}`, evidence: [`small/deepface/${folderIn(request)}`], confidence: 0.7 },
      description: 'a portrait',
      relations: [],
      confidence: 0.4,
    }));
    await annotatePeople(annotatePorts(lib, llm), { people: annotated, concurrency: 1, applyMinConfidence: null });
  } finally {
    await lib.close();
  }
  env = cliEnv(dir);
  server = await startServe([], env);
});
afterAll(async () => {
  await server?.stop();
});

const pending = async (query = '') => (await getOk<{ items: SuggestionBody[] }>(server, `/api/suggestions${query}`)).items;

describe('suggestion routes', () => {
  it('lists the pending suggestions, all or one person\'s', async () => {
    const all = await pending();
    expect(all).toHaveLength(4);
    expect(Object.keys(all[0]!).sort()).toEqual(['confidence', 'evidence', 'id', 'kind', 'model', 'personId', 'value']);
    const mine = await pending(`?personId=${annotated[1]}`);
    expect(mine.map((s) => s.personId)).toEqual([annotated[1], annotated[1]]);
    await expectProblem(server, 'GET', '/api/suggestions?personId=nobody', 400);
  });

  it('accepts a name as the person\'s name, and rejects a description for good', async () => {
    const [name] = (await pending(`?personId=${annotated[0]}`)).filter((s) => s.kind === 'name');
    const accepted = await callJson<{ decided: string; suggestion: SuggestionBody }>(server, 'POST', `/api/suggestions/${name!.id}/accept`);
    expect(accepted).toMatchObject({ status: 200, body: { decided: 'accepted', suggestion: { id: name!.id, value: name!.value } } });
    expect((await getOk<PersonBody>(server, `/api/people/${annotated[0]}`)).name).toBe(name!.value);

    const [description] = (await pending(`?personId=${annotated[1]}`)).filter((s) => s.kind === 'description');
    const rejected = await callJson<{ decided: string }>(server, 'POST', `/api/suggestions/${description!.id}/reject`);
    expect(rejected).toMatchObject({ status: 200, body: { decided: 'rejected' } });
    expect((await pending()).map((s) => s.id)).not.toContain(description!.id);
    expect((await pending()).map((s) => s.id)).not.toContain(name!.id);
  });

  it('refuses a name someone else has with 409, and unknown or malformed ids', async () => {
    const [other] = (await pending(`?personId=${annotated[1]}`)).filter((s) => s.kind === 'name');
    const renamed = await callJson(server, 'PATCH', `/api/people/${annotated[0]}`, { name: other!.value });
    expect(renamed.status).toBe(200);
    expect(await expectProblem(server, 'POST', `/api/suggestions/${other!.id}/accept`, 409)).toMatch(/already used by person/);
    expect((await pending()).map((s) => s.id)).toContain(other!.id);
    expect(await expectProblem(server, 'POST', '/api/suggestions/s99999/reject', 404)).toMatch(/s99999/);
    await expectProblem(server, 'POST', '/api/suggestions/p1/accept', 400);
  });

  it('answers ask with 503 when no language model is configured, and 400 without a question', async () => {
    expect(await expectProblem(server, 'GET', '/api/ask?q=photos%20of%20Alice', 503)).toMatch(/no language model configured/);
    expect((await getOk<{ llm: { configured: boolean } }>(server, '/api/status')).llm).toEqual({ configured: false });
    await expectProblem(server, 'GET', '/api/ask?q=', 400);
  });
});

describe('ask with a language model that does not answer', () => {
  it('answers 502 naming the model\'s URL', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const withLlm = await startServe(['--llm-url', `http://127.0.0.1:${port}/v1`], env);
    try {
      expect((await getOk<{ llm: { configured: boolean } }>(withLlm, '/api/status')).llm).toEqual({ configured: true });
      const detail = await expectProblem(withLlm, 'GET', '/api/ask?q=photos%20of%20Alice', 502);
      expect(detail).toContain(`http://127.0.0.1:${port}/v1`);
    } finally {
      await withLlm.stop();
    }
  });
});
