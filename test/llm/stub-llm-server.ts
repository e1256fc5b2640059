import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received, body parsed when it was JSON. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What the stub answers to one request; 'hang' never answers (the client's timeout must end it). */
export type StubAnswer = { status?: number; json?: unknown; text?: string } | 'hang';

export interface StubLlmServer {
  /** Base URL up to /v1, as FACETAG_LLM_URL would be. */
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

/**
 * A STUB of an OpenAI-compatible server (node:http on 127.0.0.1, a free port), only for the faults the real
 * llama-server will not produce on demand: HTTP errors, hangs, garbage, replies that break the schema. Everything it
 * answers is what `answer` returns for the request; every request is recorded for the test to inspect.
 */
export async function startStubLlmServer(answer: (request: StubRequest, index: number) => StubAnswer): Promise<StubLlmServer> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const request: StubRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: parseOrRaw(raw) };
      requests.push(request);
      reply(res, answer(request, requests.length - 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // hung requests keep their sockets open otherwise
        server.close(() => resolve());
      }),
  };
}

function reply(res: ServerResponse, answer: StubAnswer): void {
  if (answer === 'hang') return;
  const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '');
  res.writeHead(answer.status ?? 200, { 'content-type': answer.json !== undefined ? 'application/json' : 'text/plain' });
  res.end(body);
}

function parseOrRaw(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** A chat completion as OpenAI-compatible servers send it, with `content` as the model's text. */
export function completion(content: string, options: { finishReason?: string; promptTokens?: number; completionTokens?: number } = {}): unknown {
  return {
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: options.finishReason ?? 'stop' }],
    usage: { prompt_tokens: options.promptTokens ?? 10, completion_tokens: options.completionTokens ?? 5 },
  };
}

/** The /v1/models answer listing these model ids. */
export function modelList(...ids: string[]): unknown {
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model' })) };
}
