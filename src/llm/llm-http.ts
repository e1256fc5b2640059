import { LlmError } from './llm-client.js';

/** How one client talks HTTP: the same key, timeout and caller's signal for every request. */
export interface LlmHttpOptions {
  /** Sent as `Authorization: Bearer …`; replaced by *** in anything that becomes an error message. */
  key: string | null;
  timeoutMs: number;
}

export type LlmHttpResult = { status: 'ok'; body: unknown } | { status: 'not-found' };

/**
 * GETs or POSTs JSON and returns the parsed body. Every failure (unreachable, timeout, an HTTP error, a body that is
 * not JSON) becomes one LlmError whose one-line message names the URL and the cause. A 404 is returned as
 * 'not-found' when `allowNotFound` is set, for endpoints only some servers have (llama-server's /props). A cancel
 * through the caller's signal rethrows the signal's reason unchanged: the caller stopped, the server did not fail.
 */
export async function requestJson(
  url: string,
  init: { method: 'GET' } | { method: 'POST'; body: unknown },
  options: LlmHttpOptions & { allowNotFound?: boolean },
  signal?: AbortSignal,
): Promise<LlmHttpResult> {
  const where = `${init.method} ${describeUrl(url)}`;
  const fail = (cause: string): LlmError => new LlmError(redact(`${where}: ${cause}`, options.key));
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.method === 'POST') headers['content-type'] = 'application/json';
  if (options.key !== null) headers.authorization = `Bearer ${options.key}`;
  let text: string;
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers,
      body: init.method === 'POST' ? JSON.stringify(init.body) : undefined,
      signal: combined,
    });
    // Read inside the try: the timeout also covers a server that sends headers and then stalls.
    text = await response.text();
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw fail(`no answer within ${options.timeoutMs} ms (FACETAG_LLM_TIMEOUT_MS)`);
    throw fail(`unreachable (${networkCause(err)})`);
  }
  if (response.status === 404 && options.allowNotFound) return { status: 'not-found' };
  if (!response.ok) throw fail(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${serverMessage(text)}`);
  try {
    return { status: 'ok', body: JSON.parse(text) as unknown };
  } catch {
    throw fail(`the answer is not JSON (starts with ${JSON.stringify(oneLine(text, 60))})`);
  }
}

/** The URL for messages: no user:password@ and no query string, which may carry credentials. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The key never reaches a message, whatever a server echoes back. */
export function redact(message: string, key: string | null): string {
  return key === null || key === '' ? message : message.split(key).join('***');
}

/** Node's fetch says only "fetch failed"; the system error (ECONNREFUSED, ENOTFOUND…) is in its cause. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return typeof cause.message === 'string' ? `${cause.code}: ${cause.message}` : cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

/** The OpenAI-style `{"error":{"message":…}}` (llama-server, vLLM, hosted APIs), else the start of the body. */
function serverMessage(text: string): string {
  if (text.trim() === '') return '';
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof message === 'string') return `: ${oneLine(message, 200)}`;
  } catch {
    // not JSON: show the text itself
  }
  return `: ${oneLine(text, 200)}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
