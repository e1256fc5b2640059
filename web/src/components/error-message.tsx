import { ApiError } from '../api/client';

/** An API error in the user's words: what failed and what the server said, with a retry where it helps. */
export function ErrorMessage({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : null;
  const text = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-message" role="alert">
      <p>
        <strong>{title ?? (status === 404 ? 'Not found' : 'Something went wrong')}</strong>
        {status !== null && status > 0 ? <span className="muted"> (HTTP {status})</span> : null}
      </p>
      <p className="error-detail">{text}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}
