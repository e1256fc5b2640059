/**
 * Reads a response body into one plain Uint8Array. When the length is announced (S3 always sends it) the bytes go
 * straight into a buffer of that size, so a large photo is never held twice (chunk list plus concatenated copy), as
 * the SDK's transformToByteArray would.
 */
export async function readBodyBytes(body: unknown, contentLength: number | undefined, what: string): Promise<Uint8Array> {
  if (body === undefined || body === null) {
    if (contentLength) throw new Error(`${what}: response has no body but announces ${contentLength} bytes`);
    return new Uint8Array(0);
  }
  if (!isAsyncIterable(body)) throw new Error(`${what}: response body is not a stream`);
  return contentLength !== undefined ? readKnownLength(body, contentLength, what) : readUnknownLength(body);
}

async function readKnownLength(body: AsyncIterable<unknown>, length: number, what: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for await (const chunk of body) {
    const part = asBytes(chunk);
    // Leaving the loop early destroys the stream, which frees the connection.
    if (offset + part.byteLength > length) throw new Error(`${what}: server sent more than the announced ${length} bytes`);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  if (offset !== length) throw new Error(`${what}: connection ended after ${offset} of ${length} bytes`);
  return bytes;
}

async function readUnknownLength(body: AsyncIterable<unknown>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    const part = asBytes(chunk);
    parts.push(part);
    total += part.byteLength;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  throw new Error(`unexpected chunk type in response body: ${typeof chunk}`);
}
