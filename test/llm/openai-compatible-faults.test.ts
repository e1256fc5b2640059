import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmError, LlmReplyError, type LlmSettings, type StructuredRequest } from '../../src/llm/llm-client.js';
import { openAiCompatibleClient } from '../../src/llm/openai-compatible.js';
import { completion, modelList, startStubLlmServer, type StubAnswer, type StubLlmServer, type StubRequest } from './stub-llm-server.js';

// Faults the real llama-server will not produce on demand, against a STUB server (test/llm/stub-llm-server.ts).
// What works against the real server is in openai-compatible.test.ts.

const KEY = 'sk-test-secret-key-0123456789';

const Mood = z.object({ mood: z.enum(['happy', 'sad']), score: z.number().int().min(0).max(9) });
const request: StructuredRequest<z.infer<typeof Mood>> = {
  system: 'Say how the photo feels.',
  user: 'A beach, 2019.',
  schema: Mood,
  schemaName: 'mood',
  maxTokens: 40,
};

let stub: StubLlmServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** A stub that lists one model and answers chat completions with `chat` (called with the chat requests' index). */
async function stubWith(chat: (request: StubRequest, index: number) => StubAnswer): Promise<StubLlmServer> {
  let chats = 0;
  stub = await startStubLlmServer((req) => (req.path === '/v1/models' ? { json: modelList('stub-model') } : chat(req, chats++)));
  return stub;
}

function settings(url: string, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return { url, model: null, key: KEY, vision: false, timeoutMs: 5_000, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the request to fail');
}

function chatBodies(server: StubLlmServer): Array<{ messages: Array<{ role: string; content: unknown }> } & Record<string, unknown>> {
  return server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as never);
}

describe('OpenAI-compatible client against a stub server', () => {
  it('sends the schema as response_format json_schema, max_tokens, temperature 0 and the key as a bearer token', async () => {
    const server = await stubWith(() => ({ json: completion('{"mood":"happy","score":7}', { promptTokens: 31, completionTokens: 9 }) }));
    const reply = await openAiCompatibleClient(settings(server.url)).structured(request);
    expect(reply).toMatchObject({ value: { mood: 'happy', score: 7 }, model: 'stub-model', promptTokens: 31, completionTokens: 9, attempts: 1 });
    const [body] = chatBodies(server);
    expect(body).toMatchObject({ model: 'stub-model', max_tokens: 40, temperature: 0 });
    expect(body!.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'mood', strict: true, schema: expect.objectContaining({ type: 'object', required: ['mood', 'score'] }) },
    });
    expect(body!.messages).toEqual([
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ]);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('uses the configured model without asking the server for its list', async () => {
    const server = await stubWith(() => ({ json: completion('{"mood":"sad","score":1}') }));
    const reply = await openAiCompatibleClient(settings(server.url, { model: 'my-model' })).structured(request);
    expect(reply.model).toBe('my-model');
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions']);
  });

  it('sends images as data URIs when the model takes images, and refuses them when it does not', async () => {
    const server = await stubWith(() => ({ json: completion('{"mood":"happy","score":3}') }));
    const withImage = { ...request, images: [{ mime: 'image/png' as const, bytes: new Uint8Array([1, 2, 3]) }] };
    await openAiCompatibleClient(settings(server.url, { vision: true })).structured(withImage);
    expect(chatBodies(server)[0]!.messages[1]!.content).toEqual([
      { type: 'text', text: request.user },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
    ]);
    await expect(openAiCompatibleClient(settings(server.url)).structured(withImage)).rejects.toThrow(/FACETAG_LLM_VISION/);
  });

  it('accepts JSON wrapped in a ```json fence, which some servers add despite response_format', async () => {
    const server = await stubWith(() => ({ json: completion('```json\n{"mood":"sad","score":4}\n```') }));
    expect(await openAiCompatibleClient(settings(server.url)).structured(request)).toMatchObject({ value: { mood: 'sad', score: 4 }, attempts: 1 });
  });

  it('asks once more with the validation error after an off-schema reply, and counts both attempts', async () => {
    const server = await stubWith((_, i) => ({ json: completion(i === 0 ? '{"mood":"angry","score":3}' : '{"mood":"sad","score":2}') }));
    const reply = await openAiCompatibleClient(settings(server.url)).structured(request);
    expect(reply).toMatchObject({ value: { mood: 'sad', score: 2 }, attempts: 2, promptTokens: 20, completionTokens: 10 });
  });

  it('fails with LlmReplyError after a reply that breaks the schema twice; the second request carried the error', async () => {
    const server = await stubWith(() => ({ json: completion('{"mood":"happy","score":42}') }));
    const err = await failure(openAiCompatibleClient(settings(server.url)).structured(request));
    expect(err).toBeInstanceOf(LlmReplyError);
    expect((err as LlmReplyError).details).toMatchObject({ attempts: 2, promptTokens: 20, completionTokens: 10 });
    expect(err.message).toContain(`${server.url}/chat/completions`);
    const bodies = chatBodies(server);
    expect(bodies).toHaveLength(2);
    const retry = bodies[1]!.messages;
    expect(retry.slice(0, 2)).toEqual(bodies[0]!.messages);
    expect(retry[2]).toEqual({ role: 'assistant', content: '{"mood":"happy","score":42}' });
    expect(retry[3]!.role).toBe('user');
    expect(retry[3]!.content).toMatch(/does not satisfy the schema.*score/);
    expect(err.message).not.toContain(KEY);
  });

  it('treats garbage in the reply as a failed attempt, and a body that is not JSON as a server error', async () => {
    const garbled = await stubWith(() => ({ json: completion('{"mood": "happy", "sco') }));
    const replyErr = await failure(openAiCompatibleClient(settings(garbled.url)).structured(request));
    expect(replyErr).toBeInstanceOf(LlmReplyError);
    expect(replyErr.message).toMatch(/not valid JSON/);
    await garbled.close();

    const broken = await stubWith(() => ({ text: '<html>502 Bad Gateway</html>' }));
    const err = await failure(openAiCompatibleClient(settings(broken.url)).structured(request));
    expect(err).toBeInstanceOf(LlmError);
    expect(err).not.toBeInstanceOf(LlmReplyError);
    expect(err.message).toBe(`POST ${broken.url}/chat/completions: the answer is not JSON (starts with "<html>502 Bad Gateway</html>")`);
  });

  it('counts a reply cut off at max_tokens as a failed attempt even when its text parses', async () => {
    const server = await stubWith(() => ({ json: completion('{"mood":"sad","score":1}', { finishReason: 'length' }) }));
    const err = await failure(openAiCompatibleClient(settings(server.url)).structured(request));
    expect(err).toBeInstanceOf(LlmReplyError);
    expect((err as LlmReplyError).details?.problems).toEqual([expect.stringMatching(/token limit/), expect.stringMatching(/token limit/)]);
  });

  it('reports an HTTP 500 in one line with the URL and the server message, never the key it echoed', async () => {
    const server = await stubWith((req) => ({ status: 500, json: { error: { message: `model crashed; got ${String(req.headers.authorization)}` } } }));
    const err = await failure(openAiCompatibleClient(settings(server.url)).structured(request));
    expect(err).toBeInstanceOf(LlmError);
    expect(err).not.toBeInstanceOf(LlmReplyError);
    expect(err.message).toBe(`POST ${server.url}/chat/completions: HTTP 500 Internal Server Error: model crashed; got Bearer ***`);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    const server = await stubWith(() => 'hang');
    const err = await failure(openAiCompatibleClient(settings(server.url, { timeoutMs: 300 })).structured(request));
    expect(err).toBeInstanceOf(LlmError);
    expect(err.message).toBe(`POST ${server.url}/chat/completions: no answer within 300 ms (FACETAG_LLM_TIMEOUT_MS)`);
  });

  it("stops when the caller's signal aborts, with the caller's reason rather than an LlmError", async () => {
    const server = await stubWith(() => 'hang');
    const controller = new AbortController();
    const pending = openAiCompatibleClient(settings(server.url)).structured(request, controller.signal);
    await waitFor(() => chatBodies(server).length === 1);
    controller.abort(new Error('user pressed ctrl-c'));
    const err = await failure(pending);
    expect(err).not.toBeInstanceOf(LlmError);
    expect(err.message).toBe('user pressed ctrl-c');
  });

  it('names the URL and the system error when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const err = await failure(openAiCompatibleClient(settings(url)).model());
    expect(err).toBeInstanceOf(LlmError);
    expect(err.message).toMatch(new RegExp(`^GET ${url.replace(/[.]/g, '\\.')}/models: unreachable \\(ECONNREFUSED`));
    expect(err.message).not.toContain(KEY);
  });

  it('fails clearly when the server lists no model, and reads no context size from a server without /props', async () => {
    stub = await startStubLlmServer((req) => (req.path === '/v1/models' ? { json: modelList() } : { status: 404, json: { error: 'not found' } }));
    const client = openAiCompatibleClient(settings(stub.url));
    await expect(client.model()).rejects.toThrow(`${stub.url}/models: the server lists no model; set FACETAG_LLM_MODEL`);
    expect(await openAiCompatibleClient(settings(stub.url, { model: 'm' })).contextTokens()).toBeNull();
    expect(stub.requests.map((r) => r.path)).toEqual(['/v1/models', '/v1/props', '/props', '/v1/models']);
  });

  it("takes the context size from llama-server's /props at the root, or from vLLM's max_model_len", async () => {
    stub = await startStubLlmServer((req) =>
      req.path === '/props' ? { json: { default_generation_settings: { n_ctx: 8192 } } } : { status: 404, text: 'File Not Found' },
    );
    expect(await openAiCompatibleClient(settings(stub.url, { model: 'm' })).contextTokens()).toBe(8192);
    await stub.close();
    stub = await startStubLlmServer((req) =>
      req.path === '/v1/models' ? { json: { data: [{ id: 'big', max_model_len: 32768 }] } } : { status: 404, text: '' },
    );
    expect(await openAiCompatibleClient(settings(stub.url)).contextTokens()).toBe(32768);
  });
});

/** A port nothing listens on: one the OS just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
