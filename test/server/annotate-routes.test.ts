import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../support/cli.js';
import { dataset } from '../support/shared.js';
import { describeWithTestServers, LLM_SETTINGS } from '../support/test-servers-env.js';
import { callJson, expectProblem, getOk, type PageBody, type PersonBody } from './support/library-api.js';
import { scannedLibraryCopy } from './support/scanned-library.js';
import { startServe, type ServeProcess } from './support/serve-process.js';
import type { AnnotationReport } from '../../src/annotate/annotate-service.js';

/*
 * POST /api/annotate and GET /api/annotate/:id against a real `facetag serve` on small/deepface and the REAL
 * llama-server of scripts/test-servers (LLM_URL): a tiny base model whose JSON obeys the schema but whose content is
 * nonsense (its names may well be dropped by the name guard), so this checks the plumbing and the counts, not the words.
 */
/** A run as GET /api/annotate/:id answers it: the service's report, as JSON. */
type AnnotationBody = AnnotationReport;

async function start(server: ServeProcess, body: unknown): Promise<AnnotationBody> {
  const answer = await callJson<AnnotationBody>(server, 'POST', '/api/annotate', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body;
}

/** Polls GET /api/annotate/:id until the run has ended; every state seen on the way must be consistent. */
async function untilEnded(server: ServeProcess, id: string): Promise<AnnotationBody> {
  for (;;) {
    const run = await getOk<AnnotationBody>(server, `/api/annotate/${id}`);
    expect(run.done).toBeLessThanOrEqual(Math.max(run.total, run.done));
    expect(run.failed).toBeLessThanOrEqual(run.done);
    if (run.state !== 'running') return run;
    expect(run.finishedAt).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let env: NodeJS.ProcessEnv;
let person: string;

beforeAll(async () => {
  env = cliEnv(scannedLibraryCopy('deepface', dataset('small', 'deepface')));
});

describeWithTestServers('annotation runs started over HTTP, against llama-server', LLM_SETTINGS, (settings) => {
  let server: ServeProcess;

  beforeAll(async () => {
    server = await startServe(['--llm-url', settings.LLM_URL!], env);
    const people = (await getOk<PageBody<PersonBody>>(server, '/api/people?limit=100')).items;
    person = [...people].sort((a, b) => a.photos - b.photos)[0]!.id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs for one person in the background, refuses a second run meanwhile, and stores what it reports', async () => {
    const started = await start(server, { personIds: [person] });
    expect(started).toMatchObject({ state: 'running', targetType: 'person', personIds: [person], finishedAt: null, error: null });
    // The first run waits on the model for at least one reply (hundreds of ms at the very least), so it is still running.
    const second = await callJson<{ error: string; detail: string }>(server, 'POST', '/api/annotate', { allUnnamed: true });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(started.id);

    const run = await untilEnded(server, started.id);
    expect(run, JSON.stringify(run)).toMatchObject({ state: 'finished', error: null, total: 1, done: 1, skipped: 0, applied: 0, promptVersion: 'person-v1' });
    expect(run.model).toEqual(expect.any(String));
    expect(run.finishedAt).not.toBeNull();
    expect(run.failures).toHaveLength(run.failed);
    if (run.failed === 0) {
      expect(run.promptTokens).toBeGreaterThan(0);
      expect(run.completionTokens).toBeGreaterThan(0);
    }
    const pending = (await getOk<{ items: { personId?: string; model: string }[] }>(server, `/api/suggestions?personId=${person}`)).items;
    expect(pending).toHaveLength(run.suggestions);
    for (const s of pending) expect(s.model).toBe(run.model);

    // A rerun asks nothing: the person has suggestions from this prompt version.
    const again = await untilEnded(server, (await start(server, { personIds: [person] })).id);
    expect(again).toMatchObject({ state: 'finished', total: 0, done: 0, skipped: 1, suggestions: 0, promptTokens: 0, model: null });
  });

  it('refuses a malformed body with 400, an unknown person and run with 404, and a request without the token with 401', async () => {
    for (const body of [{}, { personIds: [] }, { personIds: ['x1'] }, { allUnnamed: false }, { allUnnamed: true, photos: true }, { personIds: [person], minConfidence: 0.5 }, { personIds: [person], allUnnamed: true }]) {
      await expectProblem(server, 'POST', '/api/annotate', 400, body);
    }
    expect(await expectProblem(server, 'POST', '/api/annotate', 404, { personIds: ['p999999'] })).toMatch(/p999999/);
    await expectProblem(server, 'GET', '/api/annotate/not-a-uuid', 400);
    await expectProblem(server, 'GET', '/api/annotate/00000000-0000-4000-8000-000000000000', 404);
    const res = await server.api('/api/annotate', { method: 'POST', auth: false, body: JSON.stringify({ personIds: [person] }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
  });
});

describe('annotation runs without a working language model', () => {
  it('answers 503 when the server has no language model', async () => {
    const server = await startServe([], env);
    try {
      expect(await expectProblem(server, 'POST', '/api/annotate', 503, { allUnnamed: true })).toMatch(/no language model configured/);
    } finally {
      await server.stop();
    }
  });

  it('ends a run the model does not answer as failed, with one line naming its URL and never its key', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const key = 'sk-never-shown-1234';
    const server = await startServe(['--llm-url', `http://127.0.0.1:${port}/v1`], { ...env, FACETAG_LLM_KEY: key });
    try {
      const people = (await getOk<PageBody<PersonBody>>(server, '/api/people?limit=1')).items;
      const run = await untilEnded(server, (await start(server, { personIds: [people[0]!.id] })).id);
      expect(run.state).toBe('failed');
      expect(run.error).toContain(`http://127.0.0.1:${port}/v1`);
      expect(run.error).not.toContain('\n');
      expect(JSON.stringify(run)).not.toContain(key);
      expect(run.finishedAt).not.toBeNull();
    } finally {
      await server.stop();
    }
  });
});
