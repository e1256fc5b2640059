import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret, sessionValue } from './session-token.js';

export const SESSION_COOKIE = 'facetag_session';

/**
 * Every route needs the token but those marked public. Programs send `Authorization: Bearer <token>`; a browser
 * opens `/?token=...` once, which sets an HttpOnly SameSite=Strict cookie and redirects to the same page without
 * the token, so the token never stays in the address bar or the history.
 */
export function installAuth(app: FastifyInstance, token: string | null): void {
  if (token === null) return;
  const session = sessionValue(token);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const fromQuery = tokenInQuery(request);
    if (fromQuery !== null && request.method === 'GET' && sameSecret(fromQuery, token)) {
      reply.setCookie(SESSION_COOKIE, session, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
      return reply.redirect(withoutToken(request.url), 303);
    }
    if (request.routeOptions.config?.public === true) return;
    if (authorised(request, token, session)) return;
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="facetag"')
      .send({ error: 'unauthorised', detail: 'this route needs the token: send Authorization: Bearer <token>, or open the link facetag serve printed' });
  });
}

function authorised(request: FastifyRequest, token: string, session: string): boolean {
  const header = request.headers.authorization;
  if (header !== undefined && header.startsWith('Bearer ')) return sameSecret(header.slice('Bearer '.length).trim(), token);
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie !== undefined && sameSecret(cookie, session);
}

function tokenInQuery(request: FastifyRequest): string | null {
  const query = request.query as Record<string, unknown> | undefined;
  const value = query?.token;
  return typeof value === 'string' ? value : null;
}

function withoutToken(url: string): string {
  const parsed = new URL(url, 'http://facetag.invalid');
  parsed.searchParams.delete('token');
  return `${parsed.pathname}${parsed.search}`;
}
