import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import type { z } from 'zod';
import type * as Library from '../../../src/server/schemas/library.js';
import type { ServeProcess } from './serve-process.js';

/** The shapes the library routes answer with (docs/http-api.md "Shapes"): the server's own schemas. */
export type PersonBody = z.infer<typeof Library.Person>;
export type FaceBody = z.infer<typeof Library.Face>;
export type PhotoBody = z.infer<typeof Library.Photo>;
export type ProblemBody = z.infer<typeof Library.Problem>;
export interface PageBody<T> {
  total: number;
  items: T[];
}

/** A JSON request with the token; the status and the parsed answer. */
export async function callJson<T>(server: ServeProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await server.api(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
}

/** GET that must answer 200; the parsed body. */
export async function getOk<T>(server: ServeProcess, path: string): Promise<T> {
  const { status, body } = await callJson<T>(server, 'GET', path);
  expect(status, `GET ${path}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

/** Expects a JSON problem with this status; returns its detail. */
export async function expectProblem(server: ServeProcess, method: string, path: string, status: number, body?: unknown): Promise<string> {
  const answer = await callJson<ProblemBody>(server, method, path, body);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
  expect(typeof answer.body.error).toBe('string');
  expect(typeof answer.body.detail).toBe('string');
  return answer.body.detail;
}

/**
 * A GET with the path sent exactly as written: fetch would resolve `../` itself before sending, and a traversal
 * test must see what the server does with the raw path.
 */
export function rawGet(server: ServeProcess, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: 'GET', headers: server.token ? { authorization: `Bearer ${server.token}` } : {} },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
