/** A download that failed; `resumable` when the bytes so far were kept and another attempt can continue them. */
export class DownloadError extends Error {
  constructor(
    readonly url: string,
    reason: string,
    readonly resumable: boolean,
  ) {
    super(`cannot download ${url}: ${reason}`);
    this.name = 'DownloadError';
  }
}

/** The bytes arrived but are not the pinned file; nothing was installed. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
    readonly url: string,
  ) {
    super(`${file}: downloaded file has sha256 ${actual}, expected ${expected}; not installed (from ${url})`);
    this.name = 'ChecksumMismatchError';
  }
}

/** fetch() says only "fetch failed" or "terminated"; the reason (refused, unknown host, reset) is in its cause. */
export function networkReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const detail = err.cause instanceof Error ? err.cause.message : err.cause !== undefined ? String(err.cause) : '';
  return detail !== '' && detail !== err.message ? `${err.message} (${detail})` : err.message;
}
