import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Images are named by content (a face id, a photo's sha256 with size and format), so a tag never goes stale; a day
 * keeps a browsing session fast without pinning a crop the user will never see again. Private: they show people.
 */
export const IMAGE_CACHE_CONTROL = 'private, max-age=86400';

/** True when the client's If-None-Match already names this tag (or any, with *). */
export function clientHasTag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/** 304 with the headers a cached copy needs; the caller returns the reply. */
export function notModified(reply: FastifyReply, etag: string): FastifyReply {
  return reply.code(304).header('etag', etag).header('cache-control', IMAGE_CACHE_CONTROL).send();
}

export function sendImage(reply: FastifyReply, image: { bytes: Uint8Array; contentType: string; etag: string }): FastifyReply {
  return reply.type(image.contentType).header('etag', image.etag).header('cache-control', IMAGE_CACHE_CONTROL).send(Buffer.from(image.bytes));
}
