import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { HttpProblem } from './problem.js';

/**
 * Maps every error to `{ error, detail }`: a client's mistake to its 4xx, never a 500; a bug to a 500 that is
 * logged with the request id. Either way the server goes on serving.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpProblem) {
      return reply.code(err.statusCode).headers(err.headers).send({ error: err.error, detail: err.detail });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const detail = err.validation.map((v) => `${err.validationContext ?? 'request'}${v.instancePath || ''}: ${v.message}`).join('; ');
      return reply.code(400).send({ error: 'bad request', detail });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, cause: err.cause }, 'response does not match its schema');
      return reply.code(500).send({ error: 'internal error', detail: `the server made an answer that breaks its own schema (request ${request.id})` });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: errorName(status), detail: err.message });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal error', detail: `${err.message} (request ${request.id})` });
  });
  app.decorate('pageFallback', { serve: null } satisfies PageFallback);
  app.setNotFoundHandler((request, reply) => {
    const page = app.pageFallback.serve;
    if (page !== null && isPageRequest(request)) return page(request, reply);
    return reply.code(404).send({ error: 'not found', detail: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}

/** How the web app answers a browser's GET of one of its pages (set by routes/web-app.ts; null: the JSON 404). */
export interface PageFallback {
  serve: ((request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** One object shared by every plugin context, so the web app plugin can set it from its own context. */
    pageFallback: PageFallback;
  }
}

/** A browser opening a page (not an API call, not a file): a GET that accepts HTML, outside /api and /v1. */
function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const path = request.url.split('?')[0] ?? '';
  if (/^\/(api|v1)(\/|$)/.test(path)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

function errorName(status: number): string {
  switch (status) {
    case 400: return 'bad request';
    case 401: return 'unauthorised';
    case 403: return 'forbidden';
    case 404: return 'not found';
    case 405: return 'method not allowed';
    case 409: return 'conflict';
    case 413: return 'too large';
    case 415: return 'unsupported media type';
    case 429: return 'too many requests';
    default: return 'bad request';
  }
}
