/** What the SDK attaches to service errors; network errors carry only a Node error code. */
interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

function asSdkError(err: unknown): SdkLikeError {
  return typeof err === 'object' && err !== null ? (err as SdkLikeError) : { message: String(err) };
}

export function httpStatusOf(err: unknown): number | undefined {
  return asSdkError(err).$metadata?.httpStatusCode;
}

/** GetObject says NoSuchKey; HEAD responses have no body, so HeadObject can only say 404 ("NotFound"). */
export function isNotFound(err: unknown): boolean {
  const e = asSdkError(err);
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Node error code of a failed connection. With happy-eyeballs (Node 20) a host with IPv4 and IPv6 addresses fails
 * with an AggregateError whose own code may be missing, so look at the attempts inside it too.
 */
function networkCodeOf(err: unknown): string | undefined {
  const e = asSdkError(err);
  if (typeof e.code === 'string') return e.code;
  for (const inner of e.errors ?? []) {
    const code = networkCodeOf(inner);
    if (code) return code;
  }
  return undefined;
}

/** A short reason a person can act on, for "S3 unreachable" messages. */
export function describeS3Cause(err: unknown, bucket: string): string {
  const e = asSdkError(err);
  switch (networkCodeOf(err)) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and is the port right?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `network error ${networkCodeOf(err)}`;
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'TLS handshake failed (https:// endpoint on a plain http server?)';
    default:
      break;
  }
  if (e.name === 'TimeoutError') return 'timed out connecting';
  const status = e.$metadata?.httpStatusCode;
  if (status === 404 || e.name === 'NoSuchBucket') return `no such bucket "${bucket}"`;
  if (status === 403) return 'access denied (check the access key, the secret key and the bucket policy)';
  if (status === 401) return 'not authorised (check the access key and secret key)';
  if (status === 301) {
    const region = e.$response?.headers?.['x-amz-bucket-region'];
    return `the bucket is in another region${region ? ` (${region})` : ''}: set the region to match`;
  }
  if (e.name === 'CredentialsProviderError') return `no credentials: ${e.message ?? ''}`.trim();
  const detail = [e.name && e.name !== 'Error' ? e.name : undefined, status ? `HTTP ${status}` : undefined, e.message]
    .filter((part) => part !== undefined && part !== '' && part !== 'UnknownError')
    .join(': ');
  return detail || 'unknown error';
}
